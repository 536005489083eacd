import { describe, expect, it } from 'vitest';
import { DomainError, type ErrorCode } from '../../errors.js';
import { translator } from '../../i18n/i18n.js';
import { LANGUAGES } from '../../i18n/languages.js';
import { photoErrorText } from './photo-errors.js';

const refusal = (code: ErrorCode | undefined) => new DomainError('invalid', 'English prose, never read by the page', [], code);

describe('photoErrorText', () => {
  it.each(LANGUAGES)('tells a HEIC photo, a damaged file and too many pixels apart in %s, by code', (lang) => {
    const t = translator(lang);
    expect(photoErrorText(refusal('photo.heic-not-decodable'), t)).toBe(t('object.photo.error.heic'));
    expect(photoErrorText(refusal('photo.damaged'), t)).toBe(t('object.photo.error.damaged'));
    expect(photoErrorText(refusal('photo.too-many-pixels'), t)).toBe(t('object.photo.error.tooManyPixels'));
    expect(new Set([t('object.photo.error.heic'), t('object.photo.error.damaged'), t('object.photo.error.tooManyPixels'), t('object.photo.error.invalid')]).size).toBe(4);
  });

  it('says "not a readable photo" for any other refusal, whatever its message', () => {
    const t = translator('en');
    expect(photoErrorText(refusal('photo.not-an-image'), t)).toBe(t('object.photo.error.invalid'));
    expect(photoErrorText(refusal(undefined), t)).toBe(t('object.photo.error.invalid'));
  });
});
