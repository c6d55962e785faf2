import { BadInputError, catalogueKeys } from '@salestrail/platform';
import * as en from '../i18n/en';
import * as zhCN from '../i18n/zh-CN';
import { csvFile, headerRow, parseCsvHeader } from './csv-header';
import { csvField, toCsv } from './csv';
import { parseExportParams } from './export.params';

describe('CSV export', () => {
  it('quotes separators and defuses spreadsheet formulas', () => {
    expect(csvField('ABC公司, 上海')).toBe('"ABC公司, 上海"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(null)).toBe('');
    expect(csvField(0.5)).toBe('0.5');
    expect(csvField(6.25e-7)).toBe('0.000000625');
    expect(csvField(2 / 3)).toBe('0.6666666667');
    expect(toCsv(['a', 'b'], [[1, null]])).toBe('a,b\r\n1,\r\n');
  });

  it('reads the report arguments from the query string, groupBy comma-separated', () => {
    expect(
      parseExportParams({ from: '2024-03-01', to: '2024-03-31', teamId: 't1', sourceChannel: 'REFERRAL', groupBy: 'OWNER, TEAM' }),
    ).toEqual({
      from: '2024-03-01',
      to: '2024-03-31',
      filter: { teamId: 't1', ownerId: undefined, industryCode: undefined, sourceChannel: 'REFERRAL' },
      groupBy: ['OWNER', 'TEAM'],
    });
  });

  it.each([
    [{ to: '2024-03-31' }, 'from', 'REQUIRED'],
    [{ from: '2024-02-30', to: '2024-03-31' }, 'from', 'INVALID_DATE'],
    [{ from: '2024-03-01', to: '2024-03-31', groupBy: 'OWNER,COLOR' }, 'groupBy', 'INVALID_ENUM_VALUE'],
    [{ from: '2024-03-01', to: '2024-03-31', sourceChannel: 'TV' }, 'sourceChannel', 'INVALID_ENUM_VALUE'],
    [{ from: '2024-03-01', to: '2024-03-31', teamId: ['a', 'b'] }, 'teamId', 'INVALID_VALUE'],
  ])('rejects %j with a typed error', (query, field, reason) => {
    try {
      parseExportParams(query);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(BadInputError);
      expect((error as BadInputError).details).toEqual({ field, reason });
    }
  });
});

describe('CSV header row', () => {
  const keys = ['owner_id', 'stage', 'count'];

  it('is written in Chinese by default, in English on request, and as the stable machine keys for scripts', () => {
    expect(headerRow(keys, parseCsvHeader({}))).toEqual(['负责人ID', '销售阶段', '客户数']);
    expect(headerRow(keys, parseCsvHeader({ locale: 'en' }))).toEqual(['Owner ID', 'Stage', 'Customers']);
    expect(headerRow(keys, parseCsvHeader({ header: 'keys', locale: 'en' }))).toEqual(keys);
    // Excel needs the byte-order mark to read a file for people as UTF-8; scripts get none.
    expect(csvFile(parseCsvHeader({}), 'a\r\n')).toBe('\uFEFFa\r\n');
    expect(csvFile(parseCsvHeader({ header: 'keys' }), 'a\r\n')).toBe('a\r\n');
  });

  it.each([
    [{ header: 'names' }, 'header', 'INVALID_ENUM_VALUE'],
    [{ locale: 'fr' }, 'locale', 'UNSUPPORTED_LOCALE'],
    [{ locale: ['en', 'zh'] }, 'locale', 'INVALID_VALUE'],
  ])('rejects %j with a typed error', (query, field, reason) => {
    expect(() => parseCsvHeader(query)).toThrow(expect.objectContaining({ details: { field, reason } }));
  });

  it('labels every column in every language', () => {
    expect(catalogueKeys(en.analytics)).toEqual(catalogueKeys(zhCN.analytics));
  });
});
