import type { Sharp } from 'sharp';

/**
 * A photo as a phone or a museum's camera writes it: GPS position, camera serial and description in
 * EXIF, the same and a note in XMP, a caption in IPTC, a JPEG comment, a wide-gamut (Display P3) colour
 * profile and EXIF orientation 6. Each text is unique, so that a byte search finds any copy of it.
 */
export interface TaggedPhoto {
  bytes: Buffer;
  /** Texts that only the photo's metadata holds. */
  secrets: string[];
}

export async function taggedJpeg(image: Sharp, tag = 'A'): Promise<TaggedPhoto> {
  const secret = {
    serial: `SERIAL-${tag}-0042424242`,
    description: `EXIF-DESCRIPTION-${tag} kept in vault 3`,
    gps: `48,51.494${tag}N`,
    xmpNote: `XMP-NOTE-${tag} owner's home`,
    iptcCaption: `IPTC-CAPTION-${tag} insured value`,
    comment: `JPEG-COMMENT-${tag} seen at 12 rue X`,
  };
  const xmp =
    '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    `<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="${secret.gps}">` +
    `<dc:description>${secret.xmpNote}</dc:description></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
  const jpeg = await image
    .jpeg({ quality: 92 })
    .withIccProfile('p3')
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: 'Canon', Model: 'EOS R5', ImageDescription: secret.description },
      IFD2: { BodySerialNumber: secret.serial },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2964/100', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 780/100' },
    })
    .withXmp(xmp)
    .toBuffer();
  // IPTC (in a Photoshop APP13 segment) and a comment (COM) by hand: sharp does not write them.
  const bytes = Buffer.concat([jpeg.subarray(0, 2), segment(0xed, photoshopIptc(secret.iptcCaption)), segment(0xfe, Buffer.from(secret.comment, 'latin1')), jpeg.subarray(2)]);
  return { bytes, secrets: Object.values(secret) };
}

/** The secrets of `photo` found in `bytes`. */
export function leakedSecrets(bytes: Buffer, photo: TaggedPhoto): string[] {
  return photo.secrets.filter((text) => bytes.includes(Buffer.from(text, 'latin1')));
}

function segment(marker: number, payload: Buffer): Buffer {
  const header = Buffer.from([0xff, marker, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

/** An IPTC-IIM caption (record 2, dataset 120) in a Photoshop image resource block (8BIM 0x0404). */
function photoshopIptc(caption: string): Buffer {
  const text = Buffer.from(caption, 'latin1');
  const dataset = Buffer.concat([Buffer.from([0x1c, 0x02, 120, text.length >> 8, text.length & 0xff]), text]);
  const size = Buffer.alloc(4);
  size.writeUInt32BE(dataset.length);
  const padding = Buffer.alloc(dataset.length % 2);
  return Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), Buffer.from('8BIM', 'latin1'), Buffer.from([0x04, 0x04, 0, 0]), size, dataset, padding]);
}
