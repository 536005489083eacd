/**
 * Countries as maps and statistics need them: ISO 3166-1 alpha-2 ↔ ISO 3166-1 numeric (the ids of
 * world-atlas features, e.g. '250' France) ↔ the UN M49 geographic regions (region, sub-region and,
 * in Africa and the Americas, intermediate region). Names of countries come from `Intl.DisplayNames`
 * (src/registry/object.components.tsx); names of regions from the catalogue (`maps.region.<code>`).
 */
import { t } from '../i18n/i18n.js';
import type { Lang } from '../i18n/languages.js';

export interface CountryInfo {
  alpha2: string;
  /** ISO 3166-1 numeric, three digits; null for Kosovo (XK), which has none. */
  numeric: string | null;
  /** UN M49 region (002 Africa, 019 Americas, 142 Asia, 150 Europe, 009 Oceania); null for Antarctica. */
  region: string | null;
  subRegion: string | null;
  intermediateRegion: string | null;
}

/**
 * One line a group: `region subRegion [intermediate]: AA-nnn BB-nnn …`, after the UN M49 standard
 * (unstats.un.org/unsd/methodology/m49). Taiwan is placed in Eastern Asia and Kosovo in Southern
 * Europe, where M49 lists neither; Antarctica belongs to no region.
 */
const TABLE = `
002 015: DZ-012 EG-818 LY-434 MA-504 SD-729 TN-788 EH-732
002 202 014: IO-086 BI-108 KM-174 DJ-262 ER-232 ET-231 TF-260 KE-404 MG-450 MW-454 MU-480 YT-175 MZ-508 RE-638 RW-646 SC-690 SO-706 SS-728 UG-800 TZ-834 ZM-894 ZW-716
002 202 017: AO-024 CM-120 CF-140 TD-148 CG-178 CD-180 GQ-226 GA-266 ST-678
002 202 018: BW-072 SZ-748 LS-426 NA-516 ZA-710
002 202 011: BJ-204 BF-854 CV-132 CI-384 GM-270 GH-288 GN-324 GW-624 LR-430 ML-466 MR-478 NE-562 NG-566 SH-654 SN-686 SL-694 TG-768
019 419 029: AI-660 AG-028 AW-533 BS-044 BB-052 BQ-535 VG-092 KY-136 CU-192 CW-531 DM-212 DO-214 GD-308 GP-312 HT-332 JM-388 MQ-474 MS-500 PR-630 BL-652 KN-659 LC-662 MF-663 VC-670 SX-534 TT-780 TC-796 VI-850
019 419 013: BZ-084 CR-188 SV-222 GT-320 HN-340 MX-484 NI-558 PA-591
019 419 005: AR-032 BO-068 BV-074 BR-076 CL-152 CO-170 EC-218 FK-238 GF-254 GY-328 PY-600 PE-604 GS-239 SR-740 UY-858 VE-862
019 021: BM-060 CA-124 GL-304 PM-666 US-840
142 143: KZ-398 KG-417 TJ-762 TM-795 UZ-860
142 030: CN-156 HK-344 MO-446 KP-408 JP-392 MN-496 KR-410 TW-158
142 035: BN-096 KH-116 ID-360 LA-418 MY-458 MM-104 PH-608 SG-702 TH-764 TL-626 VN-704
142 034: AF-004 BD-050 BT-064 IN-356 IR-364 MV-462 NP-524 PK-586 LK-144
142 145: AM-051 AZ-031 BH-048 CY-196 GE-268 IQ-368 IL-376 JO-400 KW-414 LB-422 OM-512 QA-634 SA-682 PS-275 SY-760 TR-792 AE-784 YE-887
150 151: BY-112 BG-100 CZ-203 HU-348 PL-616 MD-498 RO-642 RU-643 SK-703 UA-804
150 154: AX-248 DK-208 EE-233 FO-234 FI-246 GG-831 IS-352 IE-372 IM-833 JE-832 LV-428 LT-440 NO-578 SJ-744 SE-752 GB-826
150 039: AL-008 AD-020 BA-070 HR-191 GI-292 GR-300 VA-336 IT-380 MT-470 ME-499 MK-807 PT-620 SM-674 RS-688 SI-705 ES-724 XK-
150 155: AT-040 BE-056 FR-250 DE-276 LI-438 LU-442 MC-492 NL-528 CH-756
009 053: AU-036 CX-162 CC-166 HM-334 NZ-554 NF-574
009 054: FJ-242 NC-540 PG-598 SB-090 VU-548
009 057: GU-316 KI-296 MH-584 FM-583 NR-520 MP-580 PW-585 UM-581
009 061: AS-016 CK-184 PF-258 NU-570 PN-612 WS-882 TK-772 TO-776 TV-798 WF-876
-: AQ-010
`;

function parseTable(): CountryInfo[] {
  const countries: CountryInfo[] = [];
  for (const line of TABLE.trim().split('\n')) {
    const [groups, members] = line.split(': ') as [string, string];
    const [region = null, subRegion = null, intermediateRegion = null] = groups === '-' ? [] : groups.split(' ');
    for (const member of members.split(' ')) {
      const [alpha2, numeric] = member.split('-') as [string, string];
      countries.push({ alpha2, numeric: numeric === '' ? null : numeric, region, subRegion, intermediateRegion });
    }
  }
  return countries;
}

/** Every country and territory with an ISO 3166-1 code, and Kosovo (XK). */
export const COUNTRIES: readonly CountryInfo[] = parseTable();

const byAlpha2 = new Map(COUNTRIES.map((country) => [country.alpha2, country]));
const byNumeric = new Map(COUNTRIES.filter((country) => country.numeric).map((country) => [country.numeric as string, country]));

/** The UN M49 regions and sub-regions used above, largest first within each region. */
export const REGIONS = ['002', '015', '202', '014', '017', '018', '011', '019', '419', '029', '013', '005', '021', '142', '143', '030', '035', '034', '145', '150', '151', '154', '039', '155', '009', '053', '054', '057', '061'] as const;
export type RegionCode = (typeof REGIONS)[number];

/** The five continental regions, the ones a region filter offers first. */
export const CONTINENTS: readonly RegionCode[] = ['002', '019', '142', '150', '009'];

const regionSet: ReadonlySet<string> = new Set(REGIONS);

export function isCountryCode(code: string): boolean {
  return byAlpha2.has(code);
}

export function isRegionCode(code: string): code is RegionCode {
  return regionSet.has(code);
}

export function countryInfo(alpha2: string): CountryInfo | undefined {
  return byAlpha2.get(alpha2.toUpperCase());
}

/** The alpha-2 code of an ISO numeric code (a world-atlas feature id, '250' → 'FR'); undefined when unknown. */
export function alpha2OfNumeric(numeric: string): string | undefined {
  return byNumeric.get(numeric.padStart(3, '0'))?.alpha2;
}

/** The ISO numeric code of an alpha-2 code ('FR' → '250'); undefined for XK and unknown codes. */
export function numericOf(alpha2: string): string | undefined {
  return byAlpha2.get(alpha2.toUpperCase())?.numeric ?? undefined;
}

/** The country's M49 region and sub-region, or undefined (unknown code, Antarctica). */
export function regionOf(alpha2: string): { region: RegionCode; subRegion: RegionCode; intermediateRegion: RegionCode | null } | undefined {
  const country = byAlpha2.get(alpha2.toUpperCase());
  if (!country?.region || !country.subRegion) return undefined;
  return {
    region: country.region as RegionCode,
    subRegion: country.subRegion as RegionCode,
    intermediateRegion: country.intermediateRegion as RegionCode | null,
  };
}

/** The alpha-2 codes of a region, sub-region or intermediate region ('150' → every European country); [] when unknown. */
export function countriesInRegion(code: string): string[] {
  return COUNTRIES.filter((country) => country.region === code || country.subRegion === code || country.intermediateRegion === code).map(
    (country) => country.alpha2,
  );
}

/** The region's name in the language ("Europe", "Afrique subsaharienne"); the code if unknown. */
export function regionName(code: string, lang: Lang): string {
  return isRegionCode(code) ? t(lang, `maps.region.${code}`) : code;
}
