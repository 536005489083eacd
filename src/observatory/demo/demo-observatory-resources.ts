/**
 * The observatory's demo beside its figures: a small external dataset of illustrative, fictional
 * figures, and a handful of library items in three languages — a document, a law taken from the
 * published Red Lists' legal sections, a case study of a recovered demo object (its owner, the demo
 * organisation, consenting) and a news item — each labelled as demonstration content. Running it
 * again changes nothing.
 */
import { isCountryCode } from '../../maps/countries.js';
import type { Principal } from '../../roles.js';
import { countryName } from '../../registry/object.components.js';
import type { ExternalDatasetService } from '../external-datasets.service.js';
import type { LibraryItemInput, LibraryTexts } from '../library.js';
import type { LibraryService, RedListLaw } from '../library.service.js';
import type { DatasetMetadata } from '../external-dataset.js';
import type { PlannedObject } from './demo-observatory-plan.js';

export const DEMO_DATASET_SLUG = 'demo-seizures-by-region-illustrative';
/** Every demo item's source: what marks it as demonstration content, and how a rerun finds the items it wrote. */
export const DEMO_LIBRARY_SOURCE = 'Egide demonstration (fictional content)';

const DATASET: DatasetMetadata = {
  slug: DEMO_DATASET_SLUG,
  title: 'Seizures of cultural goods by region (illustrative, fictional figures)',
  source: { organisation: 'Egide demonstration (fictional source)', title: 'Illustrative figures written for the demonstration' },
  publishedOn: '2026-06-30',
  definitions: 'Fictional: seizures of cultural goods by police and customs, one per seizure whatever the number of objects, by UN M49 region.',
  caveats: 'Illustrative figures invented for the demonstration: they describe no real seizure. They show how figures published by others sit beside Egide’s own, never added to them.',
  licence: 'CC0 1.0',
  unit: 'seizures',
};

/** Region (UN M49), year, value; each year's total declared, as a published table gives it. */
const DATASET_CSV = [
  'region,year,value',
  '150,2024,184', '002,2024,62', '142,2024,97', '019,2024,45', 'total,2024,388',
  '150,2025,201', '002,2025,58', '142,2025,110', '019,2025,52', 'total,2025,421',
  '150,2026,176', '002,2026,71', '142,2026,104', '019,2026,49', 'total,2026,400',
].join('\n');

export interface DemoResourcesReport {
  dataset: 'created' | 'unchanged';
  library: { created: number; unchanged: number };
}

export interface DemoResourcesContext {
  library: LibraryService;
  externalDatasets: ExternalDatasetService;
}

type Lang3 = 'en' | 'fr' | 'es';
const LANGS: readonly Lang3[] = ['en', 'fr', 'es'];

const DEMO_NOTE: Record<Lang3, string> = {
  en: 'Demonstration content written for Egide: it describes no real event.',
  fr: 'Contenu de démonstration écrit pour Egide : il ne décrit aucun fait réel.',
  es: 'Contenido de demostración escrito para Egide: no describe ningún hecho real.',
};

function texts(title: Record<Lang3, string>, summary: Record<Lang3, string>, body?: Record<Lang3, string>): LibraryTexts {
  return Object.fromEntries(LANGS.map((lang) => [lang, { title: title[lang], summary: summary[lang], body: `${body ? `${body[lang]}\n\n` : ''}${DEMO_NOTE[lang]}` }]));
}

const DOCUMENT: LibraryItemInput = {
  kind: 'document',
  texts: texts(
    { en: 'Reporting a theft quickly: a checklist (demonstration)', fr: 'Signaler vite un vol : une liste de contrôle (démonstration)', es: 'Denunciar pronto un robo: una lista de control (demostración)' },
    {
      en: 'What a museum gathers in the first hours after a theft so that police, customs and the network can recognise the object.',
      fr: 'Ce qu’un musée rassemble dans les premières heures après un vol pour que police, douanes et réseau reconnaissent l’objet.',
      es: 'Lo que un museo reúne en las primeras horas tras un robo para que policía, aduanas y la red reconozcan el objeto.',
    },
    {
      en: 'Photographs, measurements, materials, inscriptions and marks (the Object ID fields); the police report number; consent to publish the alert.',
      fr: 'Photographies, dimensions, matériaux, inscriptions et marques (les champs d’Object ID) ; le numéro de la plainte ; l’accord pour publier l’alerte.',
      es: 'Fotografías, medidas, materiales, inscripciones y marcas (los campos de Object ID); el número de la denuncia; el consentimiento para publicar la alerta.',
    },
  ),
  countries: [],
  themes: ['documentation', 'training'],
  source: DEMO_LIBRARY_SOURCE,
  licence: 'CC BY 4.0',
  publishedOn: '2026-03-15',
};

const NEWS: LibraryItemInput = {
  kind: 'news',
  texts: texts(
    { en: 'Customs stop a series of icons at a border (fictional news)', fr: 'Les douanes arrêtent une série d’icônes à une frontière (actualité fictive)', es: 'Las aduanas detienen una serie de iconos en una frontera (noticia ficticia)' },
    {
      en: 'An invented story: officers checked a van against the public alert list and recognised three icons reported stolen from a parish church.',
      fr: 'Une histoire inventée : des agents ont vérifié une camionnette avec la liste publique des alertes et reconnu trois icônes volées dans une église paroissiale.',
      es: 'Una historia inventada: los agentes cotejaron una furgoneta con la lista pública de alertas y reconocieron tres iconos robados de una iglesia parroquial.',
    },
  ),
  countries: ['GR', 'BG'],
  themes: ['customs', 'illicit-trafficking'],
  source: DEMO_LIBRARY_SOURCE,
  licence: 'CC BY 4.0',
  publishedOn: '2026-10-02',
};

/** A law of a published Red List's legal section as a library item, citing the list it comes from. */
function lawItem(law: RedListLaw): LibraryItemInput {
  const text = (value: Partial<Record<string, string>> | undefined, lang: Lang3) => value?.[lang] ?? value?.en ?? Object.values(value ?? {})[0] ?? '';
  const list = (lang: Lang3) => `${text(law.list.title, lang)} (${law.list.edition})`;
  return {
    kind: 'law',
    texts: texts(
      Object.fromEntries(LANGS.map((lang) => [lang, text(law.title, lang)])) as Record<Lang3, string>,
      Object.fromEntries(LANGS.map((lang) => [lang, text(law.summary, lang) || law.reference])) as Record<Lang3, string>,
      {
        en: `${law.reference}. From the legal section of the Red List ${list('en')}.`,
        fr: `${law.reference}. Tirée de la section juridique de la Liste rouge ${list('fr')}.`,
        es: `${law.reference}. Tomada de la sección jurídica de la Lista Roja ${list('es')}.`,
      },
    ),
    // The demonstration Red List's countries (XS, XH) are codes ISO leaves to users: no country to tag.
    countries: isCountryCode(law.country) ? [law.country] : [],
    themes: ['law'],
    source: DEMO_LIBRARY_SOURCE,
    licence: 'CC BY 4.0',
    publishedOn: `${law.year ?? 2026}-01-01`,
    ...(law.url && { url: law.url }),
  };
}

/** A case study of a recovered demo object, told from its plan. */
function caseStudy(objectId: string, object: PlannedObject): LibraryItemInput {
  const { archetype, incident, sighting, recovery } = object;
  const place = (lang: Lang3, code: string) => countryName(code, lang);
  const seen = (lang: Lang3) =>
    sighting
      ? { en: ` It was seen on ${sighting.on} in ${place('en', sighting.country)}.`, fr: ` Il a été vu le ${sighting.on} (${place('fr', sighting.country)}).`, es: ` Fue visto el ${sighting.on} (${place('es', sighting.country)}).` }[lang]
      : '';
  return {
    kind: 'case-study',
    texts: texts(
      {
        en: `The recovery of a ${archetype.title.en.toLowerCase()} (fictional case study)`,
        fr: `Le retour d’un objet : ${archetype.title.fr} (étude de cas fictive)`,
        es: `La recuperación de un objeto: ${archetype.title.es} (caso de estudio ficticio)`,
      },
      {
        en: `Reported in ${place('en', incident.country)} on ${incident.reportedOn}, recovered on ${recovery?.on}.`,
        fr: `Signalé (${place('fr', incident.country)}) le ${incident.reportedOn}, retrouvé le ${recovery?.on}.`,
        es: `Denunciado (${place('es', incident.country)}) el ${incident.reportedOn}, recuperado el ${recovery?.on}.`,
      },
      Object.fromEntries(
        LANGS.map((lang) => [
          lang,
          {
            en: `Object ${object.inventoryNumber} of the demo's fictional records.`,
            fr: `Objet ${object.inventoryNumber} des fiches fictives de la démonstration.`,
            es: `Objeto ${object.inventoryNumber} de los registros ficticios de la demostración.`,
          }[lang] + seen(lang),
        ]),
      ) as Record<Lang3, string>,
    ),
    countries: [...new Set([incident.country, ...(sighting ? [sighting.country] : [])])],
    themes: ['restitution', 'cooperation'],
    source: DEMO_LIBRARY_SOURCE,
    licence: 'CC BY 4.0',
    publishedOn: recovery?.on ?? incident.reportedOn,
    objectId,
  };
}

/**
 * Writes the dataset and the items a previous run did not (an item is known by its English title
 * among the demo's items). `recovered` is a recovered demo object for the case study, with its id;
 * `owner` the demo organisation's registrar, who consents to its publication.
 */
export async function createDemoResources(
  context: DemoResourcesContext,
  admin: Principal,
  owner: Principal,
  recovered: { id: string; object: PlannedObject } | undefined,
): Promise<DemoResourcesReport> {
  const report: DemoResourcesReport = { dataset: 'unchanged', library: { created: 0, unchanged: 0 } };
  if (!(await context.externalDatasets.list()).some((dataset) => dataset.slug === DEMO_DATASET_SLUG)) {
    await context.externalDatasets.import(admin, DATASET, { csv: DATASET_CSV });
    report.dataset = 'created';
  }
  const laws = [...(await context.library.redListLaws()).values()].flat();
  const wanted = [DOCUMENT, NEWS, ...(laws[0] ? [lawItem(laws[0])] : []), ...(recovered ? [caseStudy(recovered.id, recovered.object)] : [])];
  const existing = await context.library.search(admin, { q: DEMO_LIBRARY_SOURCE });
  const titles = new Set(existing.items.filter((item) => item.source === DEMO_LIBRARY_SOURCE).map((item) => item.texts.en?.title));
  for (const input of wanted) {
    if (titles.has(input.texts.en?.title)) {
      report.library.unchanged += 1;
      continue;
    }
    const item = await context.library.create(admin, input);
    if (item.objectId !== null) await context.library.setConsent(owner, item.id, true);
    report.library.created += 1;
  }
  return report;
}
