import type { DomainError } from '../../errors.js';
import type { Translate } from '../../i18n/i18n.js';

/** Why a photo upload was refused, in the page's language, from the refusal's code. */
export function photoErrorText(error: DomainError, t: Translate): string {
  switch (error.code) {
    case 'photo.heic-not-decodable':
      return t('object.photo.error.heic');
    case 'photo.damaged':
      return t('object.photo.error.damaged');
    case 'photo.too-many-pixels':
      return t('object.photo.error.tooManyPixels');
    // Identification's own refusals (too small, not enough detail) are worded by its pages.
    case 'photo.too-small':
    case 'photo.not-enough-detail':
    case 'photo.not-an-image':
    case 'file.invalid':
    case undefined:
      return t('object.photo.error.invalid');
  }
}
