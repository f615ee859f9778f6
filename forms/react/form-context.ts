import type { Locale } from '../localized-text.js';

/** An uploaded file as the engine describes it. */
export interface AttachmentInfo {
  id: string;
  filename: string;
  mimeType: string;
  sizeBytes: number;
}

/** A choice loaded from the engine (a station, a deputy). */
export interface SourceOption {
  value: string;
  label: string;
}

/**
 * What form widgets need from the app around them. forms/react knows no URLs: the app
 * passes these functions (the web app binds them to the engine's API).
 */
export interface FormServices {
  locale: Locale;
  /** Choices for a field with x-source ("stations", "deputies", "users", "units"). */
  loadOptions(source: string): Promise<SourceOption[]>;
  /** Uploads a file for the field at this JSON pointer; the engine enforces the field's limits. */
  upload(fieldPointer: string, file: File): Promise<AttachmentInfo>;
  /** Describes an uploaded file (name, type, size) by id. */
  describeAttachment(id: string): Promise<AttachmentInfo>;
  /** Where the browser can open an uploaded file. */
  attachmentUrl(id: string): string;
}
