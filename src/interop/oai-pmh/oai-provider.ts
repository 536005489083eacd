/**
 * The OAI-PMH 2.0 repository (https://www.openarchives.org/OAI/openarchivesprotocol.html) of the
 * public alert list: the six verbs, `oai_dc` and `lido` records, sets per organisation
 * (`org:<slug>`) and per status (`status:<status>`), selective harvesting by datestamp, and
 * stateless resumption tokens. It serves only what the public may see (`visibleTo(null)`).
 *
 * Datestamps are the objects' `updated_at`, at seconds granularity. Errors are answered in the
 * XML body with HTTP 200, as the protocol requires. An object that leaves the alert list (recovered,
 * unpublished, deleted) stays in the lists as a deleted record (`deletedRecord` is `persistent`),
 * dated when it left and in the sets it was in, so that harvesters withdraw their copy of the alert.
 */
import { LIDO_NS, LIDO_SCHEMA, lidoElement } from '../lido/lido-writer.js';
import type { ChangeCursor, ChangeFilter, ExportRepository, Withdrawal } from '../export.repository.js';
import type { ExportableObject, Links } from '../exportable-object.js';
import { el, serialize, XML_DECLARATION, type Child, type XmlElement } from '../xml.js';
import { OAI_DC_NS, OAI_DC_SCHEMA, oaiDcElement } from './oai-dc.js';
import { decodeToken, encodeToken, type ListState, type ListVerb } from './resumption-token.js';

export const OAI_NS = 'http://www.openarchives.org/OAI/2.0/';
export const OAI_SCHEMA = 'http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd';
const OAI_IDENTIFIER_NS = 'http://www.openarchives.org/OAI/2.0/oai-identifier';
const OAI_IDENTIFIER_SCHEMA = 'http://www.openarchives.org/OAI/2.0/oai-identifier.xsd';

export const VERBS = ['Identify', 'ListMetadataFormats', 'ListSets', 'GetRecord', 'ListIdentifiers', 'ListRecords'] as const;
export type Verb = (typeof VERBS)[number];

export type OaiErrorCode =
  | 'badArgument'
  | 'badResumptionToken'
  | 'badVerb'
  | 'cannotDisseminateFormat'
  | 'idDoesNotExist'
  | 'noRecordsMatch'
  | 'noMetadataFormats'
  | 'noSetHierarchy';

export interface MetadataFormat {
  prefix: string;
  schema: string;
  namespace: string;
  /** Whether the format can express this object (both of Egide's always can). */
  supports(o: ExportableObject): boolean;
  render(o: ExportableObject, links: Links): XmlElement;
}

export const METADATA_FORMATS: readonly MetadataFormat[] = [
  { prefix: 'oai_dc', schema: OAI_DC_SCHEMA, namespace: OAI_DC_NS, supports: () => true, render: oaiDcElement },
  { prefix: 'lido', schema: LIDO_SCHEMA, namespace: LIDO_NS, supports: () => true, render: (o, links) => lidoElement(o, links) },
];

export interface OaiOptions {
  links: Links;
  adminEmail: string;
  repositoryName?: string;
  /** Records per list response (100). */
  pageSize?: number;
  formats?: readonly MetadataFormat[];
  /** Sets are on; without them ListSets and `set` answer noSetHierarchy. */
  sets?: boolean;
  now?: () => Date;
}

/** The request's arguments, each with every value it was given (repeats are errors). */
export type OaiArguments = Record<string, string[]>;

class OaiError extends Error {
  constructor(
    readonly code: OaiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const ALLOWED: Record<Verb, { required: string[]; optional: string[]; exclusive?: string }> = {
  Identify: { required: [], optional: [] },
  ListMetadataFormats: { required: [], optional: ['identifier'] },
  ListSets: { required: [], optional: [], exclusive: 'resumptionToken' },
  GetRecord: { required: ['identifier', 'metadataPrefix'], optional: [] },
  ListIdentifiers: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: 'resumptionToken' },
  ListRecords: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: 'resumptionToken' },
};

/** An OAI-PMH setSpec: colon-separated parts of unreserved URI characters. */
export const SET_SPEC = /^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$/;
const ECHOABLE: Record<string, (value: string) => boolean> = {
  verb: (value) => (VERBS as readonly string[]).includes(value),
  identifier: (value) => /^\S+$/.test(value),
  metadataPrefix: (value) => /^[A-Za-z0-9\-_.!~*'()]+$/.test(value),
  from: (value) => parseUtc(value, 'from') !== undefined,
  until: (value) => parseUtc(value, 'until') !== undefined,
  set: (value) => SET_SPEC.test(value),
  resumptionToken: () => true,
};

/** `2024-06-01T08:30:15.123Z` → `2024-06-01T08:30:15Z`, the repository's granularity. */
export function datestamp(iso: string): string {
  return `${iso.slice(0, 19)}Z`;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const SECONDS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/** A from/until argument as inclusive ISO bounds, with its granularity; `undefined` if malformed. */
export function parseUtc(value: string, bound: 'from' | 'until'): { iso: string; granularity: 'day' | 'seconds' } | undefined {
  const day = DAY.exec(value);
  const seconds = SECONDS.exec(value);
  if (!day && !seconds) return undefined;
  const date = new Date(day ? `${value}T00:00:00.000Z` : value);
  if (Number.isNaN(date.getTime())) return undefined;
  // Reject dates that JavaScript silently rolls over (2024-02-30).
  const canonical = date.toISOString();
  if (canonical.slice(0, day ? 10 : 19) !== value.slice(0, day ? 10 : 19)) return undefined;
  if (day) return { iso: bound === 'from' ? `${value}T00:00:00.000Z` : `${value}T23:59:59.999Z`, granularity: 'day' };
  return { iso: `${value.slice(0, 19)}.${bound === 'from' ? '000' : '999'}Z`, granularity: 'seconds' };
}

export class OaiProvider {
  private readonly pageSize: number;
  private readonly formats: readonly MetadataFormat[];
  private readonly setsEnabled: boolean;
  private readonly now: () => Date;

  constructor(
    private readonly repository: ExportRepository,
    private readonly options: OaiOptions,
  ) {
    this.pageSize = options.pageSize ?? 100;
    this.formats = options.formats ?? METADATA_FORMATS;
    this.setsEnabled = options.sets ?? true;
    this.now = options.now ?? (() => new Date());
  }

  get baseUrl(): string {
    return `${this.options.links.base}/oai`;
  }

  /** `oai:<host>:<objectId>`. */
  identifier(id: string): string {
    return `oai:${this.options.links.host}:${id}`;
  }

  private objectIdOf(identifier: string): string | undefined {
    const prefix = `oai:${this.options.links.host}:`;
    if (!identifier.startsWith(prefix)) return undefined;
    const id = identifier.slice(prefix.length);
    return /^[0-9a-z]{1,40}$/.test(id) ? id : undefined;
  }

  /** The complete response document for a request. */
  async respond(args: OaiArguments): Promise<string> {
    const responseDate = datestamp(this.now().toISOString());
    let request: XmlElement;
    let body: Child;
    try {
      const { verb, values } = this.checkArguments(args);
      request = el('request', { verb, ...values }, this.baseUrl);
      body = await this.dispatch(verb, values);
    } catch (error) {
      if (!(error instanceof OaiError)) throw error;
      // After badVerb or badArgument the request element carries no attributes (protocol §3.6).
      const echo = error.code === 'badVerb' || error.code === 'badArgument' ? {} : this.echo(args);
      request = el('request', echo, this.baseUrl);
      body = el('error', { code: error.code }, error.message);
    }
    const root = el(
      'OAI-PMH',
      { xmlns: OAI_NS, 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance', 'xsi:schemaLocation': `${OAI_NS} ${OAI_SCHEMA}` },
      el('responseDate', null, responseDate),
      request,
      body,
    );
    return `${XML_DECLARATION}\n${serialize(root)}\n`;
  }

  /** The arguments to repeat in the request element: those given once whose value the protocol's types allow. */
  private echo(args: OaiArguments): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, values] of Object.entries(args)) {
      const value = values.length === 1 ? values[0]! : undefined;
      if (value !== undefined && ECHOABLE[name]?.(value)) out[name] = value;
    }
    return out;
  }

  private checkArguments(args: OaiArguments): { verb: Verb; values: Record<string, string> } {
    const verbs = args.verb ?? [];
    if (verbs.length !== 1) throw new OaiError('badVerb', verbs.length === 0 ? 'The verb argument is missing.' : 'The verb argument is repeated.');
    const verb = verbs[0] as Verb;
    if (!VERBS.includes(verb)) throw new OaiError('badVerb', `"${verbs[0]}" is not an OAI-PMH verb.`);
    const rules = ALLOWED[verb];
    const values: Record<string, string> = {};
    for (const [name, given] of Object.entries(args)) {
      if (name === 'verb') continue;
      if (![...rules.required, ...rules.optional, rules.exclusive].includes(name)) throw new OaiError('badArgument', `${verb} does not take the argument "${name}".`);
      if (given.length !== 1) throw new OaiError('badArgument', `The argument "${name}" is repeated.`);
      values[name] = given[0]!;
    }
    if (rules.exclusive && values[rules.exclusive] !== undefined) {
      if (Object.keys(values).length > 1) throw new OaiError('badArgument', `${rules.exclusive} is an exclusive argument: send it alone with the verb.`);
      return { verb, values };
    }
    for (const name of rules.required) if (!values[name]) throw new OaiError('badArgument', `${verb} needs the argument "${name}".`);
    return { verb, values };
  }

  private dispatch(verb: Verb, values: Record<string, string>): Promise<XmlElement> {
    switch (verb) {
      case 'Identify':
        return this.identify();
      case 'ListMetadataFormats':
        return this.listMetadataFormats(values.identifier);
      case 'ListSets':
        return this.listSets(values.resumptionToken);
      case 'GetRecord':
        return this.getRecord(values.identifier!, values.metadataPrefix!);
      case 'ListIdentifiers':
      case 'ListRecords':
        return this.list(verb, values);
    }
  }

  private async identify(): Promise<XmlElement> {
    const links = this.options.links;
    const earliest = await this.repository.earliestPublicChange();
    const host = links.host;
    const validRepositoryId = /^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)+$/.test(host);
    return el(
      'Identify',
      null,
      el('repositoryName', null, this.options.repositoryName ?? `Egide — public alert list of the museum network (${host})`),
      el('baseURL', null, this.baseUrl),
      el('protocolVersion', null, '2.0'),
      el('adminEmail', null, this.options.adminEmail),
      el('earliestDatestamp', null, datestamp(earliest ?? this.now().toISOString())),
      el('deletedRecord', null, 'persistent'),
      el('granularity', null, 'YYYY-MM-DDThh:mm:ssZ'),
      validRepositoryId
        ? el(
            'description',
            null,
            el(
              'oai-identifier',
              { xmlns: OAI_IDENTIFIER_NS, 'xsi:schemaLocation': `${OAI_IDENTIFIER_NS} ${OAI_IDENTIFIER_SCHEMA}` },
              el('scheme', null, 'oai'),
              el('repositoryIdentifier', null, host),
              el('delimiter', null, ':'),
              el('sampleIdentifier', null, this.identifier('3k9x2m7q1w8e4r5t')),
            ),
          )
        : null,
    );
  }

  private format(prefix: string): MetadataFormat {
    const format = this.formats.find((f) => f.prefix === prefix);
    if (!format) throw new OaiError('cannotDisseminateFormat', `The metadata format "${prefix}" is not offered: use ${this.formats.map((f) => f.prefix).join(' or ')}.`);
    return format;
  }

  /** The public object, or the withdrawal of one that was public. */
  private async item(identifier: string): Promise<ListItem> {
    const id = this.objectIdOf(identifier);
    const object = id === undefined ? undefined : await this.repository.findPublic(id);
    if (object) return { object };
    const withdrawal = id === undefined ? undefined : await this.repository.findWithdrawal(id);
    if (withdrawal) return { withdrawal };
    throw new OaiError('idDoesNotExist', `No record has the identifier "${identifier}".`);
  }

  private async listMetadataFormats(identifier: string | undefined): Promise<XmlElement> {
    let formats = this.formats;
    if (identifier !== undefined) {
      // A deleted record was available in every format.
      const { object } = await this.item(identifier);
      if (object) formats = formats.filter((f) => f.supports(object));
      if (formats.length === 0) throw new OaiError('noMetadataFormats', `No metadata format is available for "${identifier}".`);
    }
    return el(
      'ListMetadataFormats',
      null,
      formats.map((f) => el('metadataFormat', null, el('metadataPrefix', null, f.prefix), el('schema', null, f.schema), el('metadataNamespace', null, f.namespace))),
    );
  }

  private async listSets(token: string | undefined): Promise<XmlElement> {
    if (!this.setsEnabled) throw new OaiError('noSetHierarchy', 'This repository does not support sets.');
    // The set list is short and complete in one response: no token was ever given out.
    if (token !== undefined) throw new OaiError('badResumptionToken', 'ListSets never gives resumption tokens; this one is not valid.');
    const { organisations, statuses } = await this.repository.publicSets();
    const set = (spec: string, name: string) => el('set', null, el('setSpec', null, spec), el('setName', null, name));
    return el(
      'ListSets',
      null,
      set('org', 'By organisation'),
      organisations.map((o) => set(`org:${o.slug}`, o.name)),
      set('status', 'By status'),
      statuses.map((s) => set(`status:${s}`, `Status: ${s}`)),
    );
  }

  private header(item: ListItem): XmlElement {
    const { id, date, organisationSlug, status } = item.object
      ? { id: item.object.id, date: item.object.updatedAt, organisationSlug: item.object.organisation.slug, status: item.object.status }
      : { ...item.withdrawal, date: item.withdrawal.withdrawnAt };
    return el(
      'header',
      item.withdrawal ? { status: 'deleted' } : null,
      el('identifier', null, this.identifier(id)),
      el('datestamp', null, datestamp(date)),
      this.setsEnabled ? [el('setSpec', null, `org:${organisationSlug}`), el('setSpec', null, `status:${status}`)] : null,
    );
  }

  /** A record; a deleted one has only its header. */
  private record(item: ListItem, format: MetadataFormat): XmlElement {
    return el('record', null, this.header(item), item.object ? el('metadata', null, format.render(item.object, this.options.links)) : null);
  }

  private async getRecord(identifier: string, prefix: string): Promise<XmlElement> {
    const format = this.format(prefix);
    const item = await this.item(identifier);
    if (item.object && !format.supports(item.object)) throw new OaiError('cannotDisseminateFormat', `The record "${identifier}" is not available as ${prefix}.`);
    return el('GetRecord', null, this.record(item, format));
  }

  /** A set argument as a filter; `undefined` for a set that cannot exist. */
  private setFilter(set: string | undefined): Pick<ChangeFilter, 'organisationSlug' | 'status'> | undefined {
    if (set === undefined || set === 'org' || set === 'status') return {};
    const match = /^(org|status):(.+)$/.exec(set);
    if (!match) return undefined;
    return match[1] === 'org' ? { organisationSlug: match[2] } : { status: match[2] };
  }

  private listState(verb: ListVerb, values: Record<string, string>): Omit<ListState, 'after'> & { after?: ListState['after'] } {
    if (values.resumptionToken !== undefined) {
      const state = decodeToken(values.resumptionToken, verb);
      if (!state || !this.formats.some((f) => f.prefix === state.metadataPrefix)) {
        throw new OaiError('badResumptionToken', 'The resumption token is invalid, or was given by another list request.');
      }
      return state;
    }
    const from = values.from === undefined ? undefined : parseUtc(values.from, 'from');
    const until = values.until === undefined ? undefined : parseUtc(values.until, 'until');
    if (values.from !== undefined && !from) throw new OaiError('badArgument', `from "${values.from}" is not a UTC date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm:ssZ).`);
    if (values.until !== undefined && !until) throw new OaiError('badArgument', `until "${values.until}" is not a UTC date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm:ssZ).`);
    if (from && until && from.granularity !== until.granularity) throw new OaiError('badArgument', 'from and until must have the same granularity.');
    if (from && until && from.iso > until.iso) throw new OaiError('badArgument', 'from is later than until.');
    this.format(values.metadataPrefix!);
    if (values.set !== undefined && !this.setsEnabled) throw new OaiError('noSetHierarchy', 'This repository does not support sets.');
    return { verb, metadataPrefix: values.metadataPrefix!, set: values.set, from: from?.iso, until: until?.iso, cursor: 0 };
  }

  private async list(verb: ListVerb, values: Record<string, string>): Promise<XmlElement> {
    const state = this.listState(verb, values);
    const format = this.format(state.metadataPrefix);
    const setFilter = this.setFilter(state.set);
    if (!setFilter) throw new OaiError('noRecordsMatch', `No record belongs to the set "${state.set}".`);
    const filter: ChangeFilter = { from: state.from, until: state.until, ...setFilter };
    const [published, withdrawn, objects, withdrawals] = await Promise.all([
      this.repository.countPublicChanges(filter),
      this.repository.countPublicWithdrawals(filter),
      this.repository.publicChanges(filter, state.after, this.pageSize + 1),
      this.repository.publicWithdrawals(filter, state.after, this.pageSize + 1),
    ]);
    const page = mergeByDatestamp(objects, withdrawals).slice(0, this.pageSize + 1);
    const items = page.slice(0, this.pageSize).filter((item) => !item.object || format.supports(item.object));
    if (items.length === 0) throw new OaiError('noRecordsMatch', 'No record matches these arguments.');
    const last = cursorOf(page[Math.min(page.length, this.pageSize) - 1]!);
    const more = page.length > this.pageSize;
    const continuing = values.resumptionToken !== undefined;
    const total = published + withdrawn;
    const tokenAttributes = { completeListSize: Math.max(total, state.cursor + items.length), cursor: state.cursor };
    const token = more
      ? el('resumptionToken', tokenAttributes, encodeToken({ ...state, after: last, cursor: state.cursor + this.pageSize }))
      : continuing
        ? el('resumptionToken', tokenAttributes)
        : null;
    return el(verb, null, verb === 'ListRecords' ? items.map((item) => this.record(item, format)) : items.map((item) => this.header(item)), token);
  }
}

/** A public object, or the withdrawal of an object that was public (a deleted record). */
type ListItem = { object: ExportableObject; withdrawal?: undefined } | { object?: undefined; withdrawal: Withdrawal };

function cursorOf(item: ListItem): ChangeCursor {
  return item.object ? { updatedAt: item.object.updatedAt, id: item.object.id } : { updatedAt: item.withdrawal.withdrawnAt, id: item.withdrawal.id };
}

/** Public objects and withdrawals, each in (datestamp, id) order, as one list in that order. */
function mergeByDatestamp(objects: readonly ExportableObject[], withdrawals: readonly Withdrawal[]): ListItem[] {
  const items: ListItem[] = [...objects.map((object) => ({ object })), ...withdrawals.map((withdrawal) => ({ withdrawal }))];
  return items.sort((a, b) => {
    const [x, y] = [cursorOf(a), cursorOf(b)];
    return x.updatedAt < y.updatedAt ? -1 : x.updatedAt > y.updatedAt ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
  });
}
