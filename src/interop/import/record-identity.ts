/**
 * What tells an import's records apart, checked as they come (stage 2, import-writer.ts): their
 * source record id, else their inventory number, else their title. Real registers have records
 * without a number, placeholders where it would be ("s.n.", "o. Nr."), and numbers shared by
 * several objects: such records are imported with a warning when something else identifies them.
 * A record is refused only when it identifies nothing, or when it repeats a key of the source that
 * says which object it is (a record id, or the number of a source without record ids); records
 * without number or record id that repeat a title are told apart by their rank among them.
 */
import { hasText } from '../../registry/completeness.js';
import { derivedColumns } from '../../registry/derived-columns.js';
import { withInventoryNumberRead } from '../../registry/inventory-number.js';
import type { ObjectDescription } from '../../registry/object-record.js';
import type { RecordPosition, RecordWarning } from './import-pipeline.js';

interface Identified extends RecordPosition {
  description: ObjectDescription;
  sourceId?: string;
}

/** The record id given to the second and later records without number or record id sharing a title. */
export const REPEATED_TITLE_KEY = 'egide:repeated-title:';

/** "on line 12", "at objects/b.xml:12". */
function placeWords(position: RecordPosition): string {
  return position.file === undefined ? `on line ${position.line}` : `at ${position.file}:${position.line}`;
}

/**
 * The records of one import met so far, by record id, and by organisation and number (or title).
 * Each record kept gets an ordinal: its line in a typed array, its file in FileNames, its record id
 * in an array; the maps hold ordinals. No object per record: with a position object per record and
 * per key, 120,000 records shaped as bench:import's JSON export (record id, number, file) held 58 MB
 * of heap here (33 MB from one file); like this, 22 MB (17 MB), ids and numbers included.
 */
export class RecordIdentities {
  /** Record id → ordinal of its record. */
  private readonly records = new Map<string, number>();
  /** Organisation → inventory number (or title, for records without number and record id) → ordinal. */
  private readonly numbers = new Map<number, Map<string, number>>();
  private readonly titles = new Map<number, Map<string, number>>();
  private lines = new Uint32Array(1024);
  /** Index in `files` of each ordinal's file, -1 for none. */
  private fileOf = new Int32Array(1024);
  private readonly files = new FileNames();
  private readonly sourceIds: Array<string | undefined> = [];
  /** Organisation and title → how many records without number or record id had that title so far (from 2 on). */
  private readonly repeatedTitles = new Map<string, number>();
  private count = 0;

  constructor(private readonly label: (path: ReadonlyArray<PropertyKey>) => string) {}

  /**
   * Checks a record going to the organisation `organisation`: its description with a placeholder
   * number read as missing and the warnings it gets, or why it cannot be imported.
   */
  check(item: Identified, organisation: number): { reason: string } | { description: ObjectDescription; warnings: RecordWarning[]; sourceId?: string } {
    const description = withInventoryNumberRead(item.description);
    const number = description.inventoryNumber;
    const field = this.label(['inventoryNumber']);
    if (number === undefined && item.sourceId === undefined && !hasText(description.title)) {
      return { reason: `the record identifies nothing: no record id, no ${field} and no title` };
    }
    const earlierRecord = item.sourceId === undefined ? undefined : this.records.get(item.sourceId);
    if (earlierRecord !== undefined) return { reason: `the record id is already used ${placeWords(this.position(earlierRecord))}` };
    const warnings: RecordWarning[] = [];
    const placeholder = description.inventoryNumberPlaceholder;
    if (number === undefined) warnings.push({ field, reason: 'missing: the record is imported without one', ...(placeholder === undefined ? {} : { value: placeholder }) });
    // Without a record id, the number (or the title) is the key: it must not come twice.
    const keys = number !== undefined ? keysOf(this.numbers, organisation) : item.sourceId === undefined ? keysOf(this.titles, organisation) : undefined;
    const key = number !== undefined ? number : item.sourceId === undefined ? derivedColumns(description).title : undefined;
    const earlier = keys === undefined || key === undefined ? undefined : keys.get(key);
    let ordinal: number | undefined;
    if (earlier !== undefined) {
      const earlierId = this.sourceIds[earlier];
      if (earlierId === undefined || item.sourceId === undefined) {
        const place = placeWords(this.position(earlier));
        if (number !== undefined) return { reason: `${field}: "${number}" is already used ${place}` };
        // Several rows without number and with one title ("Untitled fragment"): each is a real
        // object. The n-th of them is keyed on the title and n, so that the same file imported
        // again finds the same objects.
        const rank = (this.repeatedTitles.get(`${organisation}\u0000${key}`) ?? 1) + 1;
        this.repeatedTitles.set(`${organisation}\u0000${key}`, rank);
        const sourceId = `${REPEATED_TITLE_KEY}${rank}:${key}`;
        warnings.push({ field, reason: `no ${field}, and the title is already used ${place}: keyed on the title and its rank (${rank}) among such records; give it a number to keep it apart when the source changes` });
        this.records.set(sourceId, this.add({ ...item, sourceId }));
        return { description, warnings, sourceId };
      }
      warnings.push({ field, reason: `shared with record ${earlierId} (${placeWords(this.position(earlier))})`, value: number });
    } else if (keys !== undefined && key !== undefined) {
      keys.set(key, (ordinal = this.add(item)));
    }
    if (item.sourceId !== undefined) this.records.set(item.sourceId, ordinal ?? this.add(item));
    return { description, warnings };
  }

  /** Keeps a record's place and record id: its ordinal. */
  private add(item: Identified): number {
    const ordinal = this.count++;
    if (ordinal === this.lines.length) {
      this.lines = grown(this.lines, new Uint32Array(ordinal * 2));
      this.fileOf = grown(this.fileOf, new Int32Array(ordinal * 2));
    }
    this.lines[ordinal] = item.line;
    const { file } = item;
    if (file === undefined) this.fileOf[ordinal] = -1;
    else {
      this.fileOf[ordinal] = this.files.index(file);
    }
    this.sourceIds.push(item.sourceId);
    return ordinal;
  }

  private position(ordinal: number): RecordPosition {
    const file = this.fileOf[ordinal]!;
    return { line: this.lines[ordinal]!, ...(file === -1 ? {} : { file: this.files.name(file) }) };
  }
}

function keysOf(all: Map<number, Map<string, number>>, organisation: number): Map<string, number> {
  let keys = all.get(organisation);
  if (!keys) all.set(organisation, (keys = new Map()));
  return keys;
}

function grown<T extends Uint32Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/**
 * The files of an import's records, each once (a source's records come file by file), as Latin-1
 * bytes in one buffer: for a folder of 120,000 files ("objects/03/83/JSON-0038338.json"), 1.8 MB
 * less than the strings. A name with other characters is kept as it is.
 */
class FileNames {
  private bytes = Buffer.alloc(64 * 1024);
  private used = 0;
  /** Where each file's name starts in `bytes`, and ends (where the next one starts). */
  private starts = new Uint32Array(1024);
  private count = 0;
  private readonly wide = new Map<number, string>();
  private last: string | undefined;

  index(file: string): number {
    if (file === this.last) return this.count - 1;
    this.last = file;
    const index = this.count++;
    if (index + 1 >= this.starts.length) this.starts = grown(this.starts, new Uint32Array(this.starts.length * 2));
    // eslint-disable-next-line no-control-regex
    if (/[^\u0000-\u00ff]/.test(file)) this.wide.set(index, file);
    else {
      if (this.used + file.length > this.bytes.length) {
        const more = Buffer.alloc(Math.max(this.bytes.length * 2, this.used + file.length));
        this.bytes.copy(more, 0, 0, this.used);
        this.bytes = more;
      }
      this.used += this.bytes.write(file, this.used, 'latin1');
    }
    this.starts[index + 1] = this.used;
    return index;
  }

  name(index: number): string {
    return this.wide.get(index) ?? this.bytes.toString('latin1', this.starts[index]!, this.starts[index + 1]!);
  }
}
