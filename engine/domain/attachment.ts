/** What is known about an attachment without its bytes. */
export interface AttachmentMeta {
  countyId: string;
  id: string;
  /** The name the file had on the uploader's device (may be Chinese). */
  filename: string;
  /** Checked against the content's magic bytes for the common types, not taken from the client. */
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string;
  createdAt: Date;
}

/** A file attached to a form; forms keep only its id. */
export interface Attachment extends AttachmentMeta {
  content: Buffer;
}
