import { SHARED_CATALOGUES, catalogueKeys } from '@salestrail/platform';
import * as en from './en';
import * as zhCN from './zh-CN';

describe('workflow catalogues', () => {
  it('have the same keys in Chinese and English', () => {
    expect(catalogueKeys(en.workflow)).toEqual(catalogueKeys(zhCN.workflow));
  });

  it('do not shadow the shared namespaces', () => {
    expect(Object.keys(SHARED_CATALOGUES['zh-CN'])).not.toContain('workflow');
  });
});
