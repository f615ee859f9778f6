import type { DraftStore, FormServices } from '../../../forms/react/index.js';
import type { Locale } from '../../../forms/index.js';
import { api, ApiError, query } from '../api/client.js';
import type { AttachmentView, Draft, Person, Station, Unit } from '../api/types.js';

/** Where a form lives: which pack version and form its uploads are checked against. */
export interface FormPlace {
  packId: string;
  version: string;
  formId: string;
}

/** The form widgets' window on the engine: choice lists, uploads, attachments. */
export function createFormServices(locale: Locale, place: FormPlace): FormServices {
  return {
    locale,
    async loadOptions(source) {
      if (source === 'stations') return (await api.get<Station[]>('/api/stations')).map((s) => ({ value: s.id, label: s.name }));
      if (source === 'units') return (await api.get<Unit[]>('/api/units')).map((u) => ({ value: u.id, label: u.name }));
      const role = source === 'deputies' ? 'deputy' : undefined;
      return (await api.get<Person[]>(`/api/users${query({ role })}`)).map((u) => ({ value: u.id, label: u.displayName }));
    },
    async upload(field, file) {
      const body = new FormData();
      body.append('file', file, file.name);
      return api.post<AttachmentView>(`/api/attachments${query({ packId: place.packId, version: place.version, formId: place.formId, field })}`, body);
    },
    describeAttachment: (id) => api.get<AttachmentView>(`/api/attachments/${encodeURIComponent(id)}/meta`),
    attachmentUrl: (id) => `/api/attachments/${encodeURIComponent(id)}`,
  };
}

/**
 * A half-filled form kept on the server under a canonical key (start:<pack>:<flow> or
 * event:<item>:<EVENT>): restored after a reload or on another device, cleared by the
 * engine when the form is submitted.
 */
export function createDraftStore(key: string): DraftStore {
  const url = `/api/drafts/${encodeURIComponent(key)}`;
  return {
    async load() {
      try {
        return (await api.get<Draft>(url)).payload;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return undefined;
        throw error;
      }
    },
    save: (payload) => api.put(url, { payload }),
    discard: () => api.delete(url),
  };
}

/** A new idempotency key: a retried submit of the same form is answered, not repeated. */
export function newRequestKey(): string {
  return crypto.randomUUID();
}
