import type { PhotoStorageSettings } from '../../config/photo-storage-settings.js';
import { FolderPhotoStore } from './folder-photo-store.js';
import type { PhotoStore } from './photo-store.js';
import { S3PhotoStore } from './s3-photo-store.js';

/** The registry's photos and the photos sent for identification, where the settings keep them. */
export interface PhotoStores {
  photos: PhotoStore;
  identifications: PhotoStore;
}

export function openPhotoStores(settings: PhotoStorageSettings): PhotoStores {
  if (settings.kind === 'folder') return { photos: new FolderPhotoStore(settings.photosDir), identifications: new FolderPhotoStore(settings.identificationsDir) };
  const bucket = (prefix: string) => new S3PhotoStore({ bucket: settings.bucket, endpoint: settings.endpoint, region: settings.region, prefix });
  return { photos: bucket('photos/'), identifications: bucket('identifications/') };
}
