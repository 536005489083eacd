import { olderThan } from '../redlists/customs/age.js';
import type { CategoryCandidate, DeclaredFacts } from '../redlists/customs/check-model.js';
import { annexEvidence } from '../redlists/customs/eu-annex.js';
import { EU_MEMBER_STATES, IMPORT_LICENCE_AGE, IMPORTER_STATEMENT_AGE, IMPORTER_STATEMENT_VALUE_EUR } from '../redlists/customs/rules.js';
import type { ImportThreshold } from './lot.js';

/**
 * Which document of Regulation (EU) 2019/880 the lot would need to enter the EU, read with the
 * customs check's own pieces (annex category, age): an import licence for excavated objects and
 * parts of monuments over 250 years old, an importer statement for the others over 200 years old
 * and worth €18,000 or more. 'unknown' when a fact is missing or straddles a threshold; a rule
 * that does not apply, or a lot from an EU country (not covered), is left out.
 */
export function importThresholds(facts: DeclaredFacts, category: CategoryCandidate | undefined, today: Date): ImportThreshold[] {
  if (facts.originCountry !== undefined && EU_MEMBER_STATES.has(facts.originCountry)) return [];
  const annex = annexEvidence(facts, category).annex;
  const excavatedOrMonument = annex === undefined ? undefined : annex === 'c' || annex === 'd';
  const out: ImportThreshold[] = [];
  const licenceAge = olderThan(facts.period, IMPORT_LICENCE_AGE, today);
  if (excavatedOrMonument !== false && licenceAge !== 'no') {
    out.push({ rule: 'eu-import-licence', applies: excavatedOrMonument === true && licenceAge === 'yes' ? 'yes' : 'unknown' });
  }
  const statementAge = olderThan(facts.period, IMPORTER_STATEMENT_AGE, today);
  const value = facts.declaredValueEur === undefined ? undefined : facts.declaredValueEur >= IMPORTER_STATEMENT_VALUE_EUR;
  if (excavatedOrMonument !== true && statementAge !== 'no' && value !== false) {
    out.push({ rule: 'eu-importer-statement', applies: excavatedOrMonument === false && statementAge === 'yes' && value === true ? 'yes' : 'unknown' });
  }
  return out;
}
