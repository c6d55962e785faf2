import { SHARED_CATALOGUES, catalogueKeys } from '@salestrail/platform';
import { UNKNOWN_PERSON } from '../directory/names';
import * as en from './en';
import { wf, writeText } from './texts';
import * as zhCN from './zh-CN';

describe('workflow catalogues', () => {
  it('have the same keys in Chinese and English', () => {
    expect(catalogueKeys(en.workflow)).toEqual(catalogueKeys(zhCN.workflow));
  });

  it('do not shadow the shared namespaces', () => {
    expect(Object.keys(SHARED_CATALOGUES['zh-CN'])).not.toContain('workflow');
  });

  it('names someone the directory does not hold in the reader language, never by id', () => {
    const text = wf('review.comments', { reviewer: UNKNOWN_PERSON, comments: '请补充联系人' });
    expect(writeText('zh-CN', text)).toBe('通讯录中没有的人：请补充联系人');
    expect(writeText('en', text)).toBe('someone not in the directory: 请补充联系人');
  });
});
