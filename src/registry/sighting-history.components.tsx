import { countryName } from './object.components.js';
import type { PageContext } from '../web/page-context.js';
import { sightingPhotoPath } from './sighting-paths.js';

/**
 * A sighting in an object's history (the entry SightingService writes): where it was seen, the
 * note, and the photo it was identified from. Shown to those who see the history.
 */
export function SightingHistoryDetails({ changes, page }: { changes: Record<string, unknown>; page: PageContext }) {
  const { sighting, place, country, note } = changes;
  const where = [typeof place === 'string' ? place : '', typeof country === 'string' ? countryName(country, page.lang) : ''].filter(Boolean).join(', ');
  return (
    <>
      {where && ` ${where}.`}
      {typeof note === 'string' && note && ` ${note}`}
      {typeof sighting === 'string' && (
        <>
          {' '}
          <a href={sightingPhotoPath(sighting)}>{page.t('object.sighting.photo')}</a>
        </>
      )}
    </>
  );
}
