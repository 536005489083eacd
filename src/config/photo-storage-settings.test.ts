import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { parsePhotoStorage } from './photo-storage-settings.js';

const settings = (env: Record<string, string>) => parsePhotoStorage((name) => env[name] || undefined, '/srv/egide');

describe('photo storage settings', () => {
  it('keeps photos in the data folder by default', () => {
    expect(settings({})).toEqual({ kind: 'folder', photosDir: '/srv/egide/photos', identificationsDir: '/srv/egide/identifications' });
  });

  it('takes shared folders from EGIDE_PHOTOS_DIR and EGIDE_IDENTIFICATIONS_DIR', () => {
    expect(settings({ EGIDE_PHOTOS_DIR: '/mnt/nfs/photos', EGIDE_IDENTIFICATIONS_DIR: '/mnt/nfs/identifications' })).toEqual({
      kind: 'folder',
      photosDir: '/mnt/nfs/photos',
      identificationsDir: '/mnt/nfs/identifications',
    });
  });

  it('takes a bucket, an S3-compatible endpoint and a region', () => {
    expect(settings({ EGIDE_PHOTOS_S3_BUCKET: 'egide', EGIDE_PHOTOS_S3_ENDPOINT: 'http://minio:9000', EGIDE_PHOTOS_S3_REGION: 'eu-west-3' })).toEqual({
      kind: 's3',
      bucket: 'egide',
      endpoint: 'http://minio:9000',
      region: 'eu-west-3',
    });
    expect(settings({ EGIDE_PHOTOS_S3_BUCKET: 'egide', AWS_REGION: 'eu-central-1' })).toMatchObject({ endpoint: undefined, region: 'eu-central-1' });
  });

  it('refuses a bucket together with folders, an endpoint without a bucket, and an endpoint that is not an address', () => {
    expect(() => settings({ EGIDE_PHOTOS_S3_BUCKET: 'egide', EGIDE_PHOTOS_DIR: '/mnt/photos' })).toThrow(ConfigError);
    expect(() => settings({ EGIDE_PHOTOS_S3_ENDPOINT: 'http://minio:9000' })).toThrow(/without EGIDE_PHOTOS_S3_BUCKET/);
    expect(() => settings({ EGIDE_PHOTOS_S3_BUCKET: 'egide', EGIDE_PHOTOS_S3_ENDPOINT: 'minio:9000' })).toThrow(/not an http or https address/);
  });
});
