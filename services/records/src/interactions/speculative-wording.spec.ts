import { speculativeTerms } from './speculative-wording';

describe('speculative wording in a summary', () => {
  it('finds hedges in Chinese and English, each once', () => {
    expect(speculativeTerms('客户可能下月采购，估计预算在50万左右，应该会选我们')).toEqual(['可能', '估计', '应该会']);
    expect(speculativeTerms('大概下周签约，也许或许都有可能，我猜他们在比价')).toEqual(['可能', '大概', '也许', '或许', '猜']);
    expect(speculativeTerms('They will probably sign; maybe next week. I think they might compare prices.')).toEqual([
      'probably',
      'maybe',
      'might',
      'I think',
    ]);
    expect(speculativeTerms('It seems unlikely; PERHAPS later')).toEqual(['perhaps', 'likely', 'seems']);
  });

  it('leaves objective summaries alone, words that merely contain a hedge included', () => {
    expect(speculativeTerms('客户表示现有供应商交货周期长，希望缩短至7天；我方介绍了智能仓储系统；约定3月25日现场演示。')).toEqual([]);
    expect(speculativeTerms('客户明确表示不可能接受该报价；双方探讨了合作的可能性')).toEqual([]);
    expect(speculativeTerms('The customer asked for a mighty discount and a maybelline sample; we agreed a demo on 25 March.')).toEqual([]);
  });
});
