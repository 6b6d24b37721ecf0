/** Uploads above this are cut off by multer (413); between 5 MB and this, the catalogue answers 400. */
export const SCREENSHOT_UPLOAD_LIMIT_BYTES = 6 * 1024 * 1024;

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);

/**
 * The screenshot's type from its first bytes, not from what the client claims: a renamed PDF is
 * not a png. Anything else keeps the claimed type, which the catalogue then refuses.
 */
export function screenshotContentType(file: { buffer: Buffer; mimetype: string }): string {
  if (file.buffer.subarray(0, PNG_MAGIC.length).equals(PNG_MAGIC)) return 'image/png';
  if (file.buffer.subarray(0, JPEG_MAGIC.length).equals(JPEG_MAGIC)) return 'image/jpeg';
  return file.mimetype === 'image/png' || file.mimetype === 'image/jpeg' ? 'application/octet-stream' : file.mimetype;
}
