import evidenceDemo from '../../../coefficients/carbon/rules/evidence-paths-demo.json';
import lvbao from '../../../coefficients/carbon/rules/jx-lvbao-example.json';
import { closest } from '../../core/suggest';
import { carbonFail } from '../errors';
import { type RuleSet, loadRuleSet } from './rules';

/** The example rule sets shipped with gepkit (coefficients/carbon/rules). */
let cache: RuleSet[] | undefined;

export function bundledRuleSets(): readonly RuleSet[] {
  cache ??= [
    loadRuleSet(lvbao, ['coefficients/carbon/rules/jx-lvbao-example.json']),
    loadRuleSet(evidenceDemo, ['coefficients/carbon/rules/evidence-paths-demo.json']),
  ];
  return cache;
}

export function bundledRuleSet(idOrRef: string): RuleSet {
  const all = bundledRuleSets();
  const s = all.find((x) => x.id === idOrRef || x.ref === idOrRef);
  if (s === undefined) {
    const near = closest(idOrRef, [...all.map((x) => x.id), ...all.map((x) => x.ref)]);
    carbonFail('CARBON_RULES_INVALID', [], {
      detail: `no bundled rule set is "${idOrRef}"${near === undefined ? '' : ` (did you mean ${near}?)`}; the bundled ones are ${all.map((x) => x.ref).join(', ')}, and a file is given by its path`,
    });
  }
  return s;
}
