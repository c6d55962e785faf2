import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, type EnumTypeDefinitionNode } from 'graphql';
import { enumLabels, labelOf } from './enum-labels';

/** Every enum of the composed public API, as clients see it (federation's own enums left out). */
function supergraphEnums(): Array<[string, string[]]> {
  const sdl = readFileSync(path.resolve(__dirname, '../../../../gateway/supergraph.graphql'), 'utf8');
  return parse(sdl)
    .definitions.filter((d): d is EnumTypeDefinitionNode => d.kind === Kind.ENUM_TYPE_DEFINITION)
    .filter((d) => !/^(join|link)__/.test(d.name.value))
    .map((d) => [d.name.value, (d.values ?? []).map((v) => v.name.value)]);
}

describe('enum labels', () => {
  it.each(supergraphEnums())('%s has a label in zh-CN and en for every value', (name, values) => {
    for (const value of values) {
      const zh = labelOf(name, value, 'zh-CN');
      const en = labelOf(name, value, 'en');
      expect({ value, zh, en }).toEqual({ value, zh: expect.stringMatching(/\p{Script=Han}/u), en: expect.not.stringMatching(/^[A-Z_]+$/) });
    }
  });

  it('lists the four enums of notifications, findings, webhooks and the access log in both languages', () => {
    const zh = enumLabels('zh-CN');
    const en = enumLabels('en');
    expect(zh).toEqual(
      expect.arrayContaining([
        { enum: 'NotificationKind', value: 'NEXT_ACTION_ESCALATED', label: '逾期上报' },
        { enum: 'ReviewFindingCode', value: 'SPECULATIVE_SUMMARY', label: '沟通摘要含推测' },
        { enum: 'WebhookDeliveryStatus', value: 'FAILED', label: '发送失败' },
        { enum: 'AccessAction', value: 'CUSTOMER_TRANSFERRED', label: '移交客户' },
      ]),
    );
    expect(en).toEqual(
      expect.arrayContaining([
        { enum: 'NotificationKind', value: 'NEXT_ACTION_ESCALATED', label: 'Overdue action escalated' },
        { enum: 'ReviewFindingCode', value: 'SPECULATIVE_SUMMARY', label: 'Speculative summary' },
        { enum: 'WebhookDeliveryStatus', value: 'FAILED', label: 'Failed' },
        { enum: 'AccessAction', value: 'CUSTOMER_TRANSFERRED', label: 'Customer transferred' },
      ]),
    );
    expect(en).toHaveLength(zh.length);
  });
});
