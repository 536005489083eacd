import type { Generated } from 'kysely';

/**
 * A photo someone asked Egide to watch for (a dealer's stock photo, a certified lot's photo): its
 * description as the identification index holds it, the other way round — every new alert photo is
 * searched against these. `seq` is its slot in the in-memory index of watched photos.
 */
export interface WatchedPhotoTable {
  seq: Generated<number>;
  id: string;
  /** Whose watch: `image-watch` (a subscription) or `certificate`, and that owner's id. */
  owner_kind: string;
  owner_id: string;
  /** The file's name as uploaded (a dealer's stock reference). */
  label: string;
  extractor: string;
  hash_high: number;
  hash_low: number;
  words: Buffer;
  features: Buffer;
  /** A small WebP shown as the evidence of a match (without the file's metadata). */
  thumbnail: Buffer;
  created_at: string;
}
