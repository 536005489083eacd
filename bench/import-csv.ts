/**
 * The generated CSV of `npm run bench:import` (bench/import.ts), also imported by bench:observatory
 * (bench/observatory.ts): varied museum objects in `egide import --format csv`'s columns.
 */
import { writeFileSync } from 'node:fs';

const TYPES = ['ceramics > jar', 'paintings > oil paintings', 'sculpture > busts', 'metalwork > candlesticks', 'textiles > tapestries', 'drawings', 'prints > etchings'];
const MATERIALS = ['oil paint; canvas', 'earthenware', 'bronze', 'silver; wood', 'wool; silk', 'ink; paper', 'marble'];
const MEASURES = ['H 30 x W 40 cm', '30 cm high', 'Diam. 12 cm', 'support: 597 x 749 mm', '25 x 18 x 4 cm', 'H. 65 ; L. 54 cm', '3 kg'];
const DATES = ['c. 1650', '1650-1660', '1712', '1880s', '17th century', 'Ming dynasty', '1901–05'];
const PLACES = ['Delft (NL)', 'Paris (FR)', 'Sevilla (ES)', 'Florence (IT)', 'London (GB)', '', 'Nuremberg (DE)'];

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A CSV import file of `rows` varied objects. */
export function generateCsv(path: string, rows: number): void {
  const lines = ['inventory_number,title,object_type,materials,techniques,measurements,inscriptions,date,maker,subject,distinguishing_features,description,place_of_origin,images'];
  for (let i = 1; i <= rows; i++) {
    const k = i % 7;
    lines.push(
      [
        `BENCH-${String(i).padStart(6, '0')}`,
        `fr:Objet n° ${i}, portrait d’un évêque|en:Object no. ${i}, portrait of a bishop`,
        TYPES[k]!,
        MATERIALS[(i * 3) % 7]!,
        k % 2 === 0 ? 'carving; gilding' : 'painting',
        MEASURES[(i * 5) % 7]!,
        i % 3 === 0 ? `signature: J. Smith ${i} @ lower right` : '',
        DATES[(i * 2) % 7]!,
        `Maker ${i % 1000}; Workshop of Maker ${i % 50}`,
        'a bishop blessing a kneeling man',
        i % 10 === 0 ? `scratch on the lower left,\nrepaired in ${1900 + (i % 100)}` : '',
        `A description of object ${i}, with enough words to make the full-text index work a little for each record.`,
        PLACES[(i * 4) % 7]!,
        '',
      ]
        .map(csvCell)
        .join(','),
    );
  }
  writeFileSync(path, lines.join('\n') + '\n');
}
