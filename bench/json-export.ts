/**
 * A generated JSON export as museums publish them, for `npm run bench:import`: the same records
 * as a folder of per-object files in nested folders (every tenth with a byte-order-marked key, as
 * spreadsheet conversions leave them, every hundredth with a byte-order mark at its start) and as
 * one JSON array, both pretty-printed, with a mapping file. Records carry long unmapped texts
 * (provenance, exhibition history) so that the array reaches the 2 GB class.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const CLASSIFICATIONS = ['Paintings', 'Ceramics', 'Sculpture', 'Metalwork', 'Textiles', 'Drawings', 'Prints'];
const MEDIUMS = ['Oil on canvas', 'Earthenware', 'Bronze', 'Silver and wood', 'Wool and silk', 'Ink on paper', 'Marble'];
const DIMENSIONS = ['H 30 x W 40 cm', '30 cm high', 'Diam. 12 cm', '597 x 749 mm', '25 x 18 x 4 cm', 'H. 65 ; L. 54 cm', '3 kg'];
const DATES = ['c. 1650', '1650-1660', '1712', '1880s', '17th century', 'Ming dynasty', '1901–05'];

export const JSON_MAPPING = {
  lang: 'en',
  sourceId: 'objectID',
  fields: {
    inventoryNumber: 'accessionNumber',
    title: 'title',
    objectType: { path: 'classification', map: { paintings: 'paintings', ceramics: 'ceramics', sculpture: 'sculpture', '*': '' } },
    makers: { each: 'constituents[*]', name: 'name', role: 'role' },
    dating: 'objectDate',
    materialsAndTechniques: 'medium',
    measurements: 'dimensions',
    description: 'label',
  },
};

/** A paragraph of provenance, varied by record so that records do not compress into one another. */
function provenance(i: number, bytes: number): string {
  const parts: string[] = [];
  let length = 0;
  for (let k = 0; length < bytes; k++) {
    const part = `Sold by dealer ${(i * 7 + k) % 997} to collector ${(i + k * 13) % 1009}, ${1800 + ((i + k) % 200)}; by descent; "lot ${k}" \u2014 sale ${i}-${k}.`;
    parts.push(part);
    length += part.length + 1;
  }
  return parts.join(' ');
}

function record(i: number, recordBytes: number): Record<string, unknown> {
  const k = i % 7;
  return {
    objectID: `JSON-${String(i).padStart(7, '0')}`,
    accessionNumber: `${1900 + (i % 120)}.${i % 97}.${i}`,
    title: `Object no. ${i}, portrait of a bishop`,
    classification: CLASSIFICATIONS[k],
    constituents: [{ name: `Maker ${i % 1000}`, role: 'artist' }, ...(i % 3 === 0 ? [{ name: `Workshop of Maker ${i % 50}`, role: 'workshop' }] : [])],
    objectDate: DATES[(i * 2) % 7],
    medium: MEDIUMS[(i * 3) % 7],
    dimensions: DIMENSIONS[(i * 5) % 7],
    label: `A description of object ${i}, with enough words to make the full-text index work a little for each record.`,
    provenance: provenance(i, Math.round(recordBytes * 0.7)),
    exhibitionHistory: provenance(i + 1, Math.round(recordBytes * 0.2)),
    isPublicDomain: i % 2 === 0,
  };
}

/** A record as one file, pretty-printed: every tenth with a byte-order mark before its first key, every hundredth at its start. */
function recordFile(i: number, recordBytes: number): string {
  const text = JSON.stringify(record(i, recordBytes), null, 2);
  const marked = i % 10 === 0 ? text.replace('"objectID"', '"\uFEFFobjectID"') : text;
  return i % 100 === 0 ? `\uFEFF${marked}` : marked;
}

export interface JsonExport {
  folder: string;
  folderBytes: number;
  array: string;
  arrayBytes: number;
  mapping: string;
}

/** Writes the export under `dir` (kept, and reused when already complete). */
export function generateJsonExport(dir: string, records: number, recordBytes: number): JsonExport {
  const folder = join(dir, 'objects');
  const array = join(dir, 'objects.json');
  const mapping = join(dir, 'mapping.json');
  const complete = join(dir, `.complete-${records}-${recordBytes}`);
  if (!existsSync(complete)) {
    let folderBytes = 0;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(mapping, JSON.stringify(JSON_MAPPING, null, 2));
    const fd = openSync(array, 'w');
    try {
      writeSync(fd, '[\n');
      for (let i = 1; i <= records; i++) {
        // Nested folders: 1,000 folders of 10,000 / 100 … (e.g. objects/03/27/JSON-0032712.json).
        const sub = join(folder, String(Math.floor(i / 10_000)).padStart(2, '0'), String(Math.floor(i / 100) % 100).padStart(2, '0'));
        if (i === 1 || i % 100 === 0) mkdirSync(sub, { recursive: true });
        const text = recordFile(i, recordBytes);
        writeFileSync(join(sub, `JSON-${String(i).padStart(7, '0')}.json`), text);
        folderBytes += Buffer.byteLength(text);
        writeSync(fd, `${i === 1 ? '' : ',\n'}${JSON.stringify(record(i, recordBytes), null, 2)}`);
      }
      writeSync(fd, '\n]\n');
    } finally {
      closeSync(fd);
    }
    writeFileSync(complete, String(folderBytes));
  }
  return { folder, folderBytes: Number(readFileSync(complete, 'utf8')), array, arrayBytes: statSync(array).size, mapping };
}
