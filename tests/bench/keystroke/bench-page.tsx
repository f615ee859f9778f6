/**
 * Browser entry of the keystroke benchmark (keystroke.bench.ts bundles it with Vite and runs
 * it in Chromium). It renders one form of the generated schema, ours (JsonForm) or plain
 * rjsf, and types into one of its text fields, timing each keystroke in the page.
 */
import { Form } from '@rjsf/antd';
import validator from '@rjsf/validator-ajv8';
import type { IChangeEvent } from '@rjsf/core';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { JsonForm, type DraftStore, type FormServices } from '../../../forms/react/index.js';
import { generateForm } from '../generated-form.js';

export type FormKind = 'ours' | 'plain';

export interface BenchPage {
  /** Renders the form of `fields` fields; resolves once it is on screen. */
  mount(kind: FormKind, fields: number): Promise<void>;
  /** Types `text` into the input, one character per keystroke, `gapMs` apart; the time of each keystroke, ms. */
  type(inputId: string, text: string, gapMs: number): Promise<number[]>;
  /** Presses Enter in the input (ours commits what was typed to the form); the time it took, ms. */
  pressEnter(inputId: string): Promise<number>;
  /** The form's data as its owner last saw it: plain rjsf's state, or ours as last saved as a draft. */
  data(): Record<string, unknown> | undefined;
  /** Whether performance.now() has its fine resolution here (cross-origin isolated page). */
  isolated(): boolean;
}

declare global {
  interface Window {
    formBench: BenchPage;
  }
}

let lastData: Record<string, unknown> | undefined;
let mounted: FormKind | undefined;

/** Plain rjsf, controlled the usual way: onChange → setState → formData. */
function PlainForm({ schema }: { schema: object }) {
  const [formData, setFormData] = useState<Record<string, unknown>>({});
  lastData = formData;
  return <Form schema={schema} validator={validator} formData={formData} onChange={(e: IChangeEvent) => setFormData(e.formData)} />;
}

// Ours needs services from the app around it; the benchmark uses no choices and no files.
const services: FormServices = {
  locale: 'zh-CN',
  loadOptions: async () => [],
  upload: () => Promise.reject(new Error('no uploads in the benchmark')),
  describeAttachment: () => Promise.reject(new Error('no uploads in the benchmark')),
  attachmentUrl: () => '',
};

// The draft store is where ours hands its data out: a save proves a commit reached the form.
const draft: DraftStore = {
  load: async () => undefined,
  save: async (data) => {
    lastData = data;
  },
  discard: async () => undefined,
};

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const setInputValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;

function inputById(id: string): HTMLInputElement {
  const input = document.getElementById(id);
  if (!(input instanceof HTMLInputElement)) throw new Error(`no input #${id}`);
  return input;
}

window.formBench = {
  async mount(kind, fields) {
    mounted = kind;
    const form = generateForm(fields);
    const container = document.getElementById('root')!;
    const root = createRoot(container);
    root.render(kind === 'ours' ? <JsonForm form={form} formKey={form.id} services={services} draft={draft} /> : <PlainForm schema={form.schema} />);
    while (!container.querySelector('input')) await nextFrame();
    await sleep(500); // let the first render's effects and rjsf's initial change settle
  },

  async type(inputId, text, gapMs) {
    const input = inputById(inputId);
    input.focus();
    const times: number[] = [];
    for (const char of text) {
      const next = input.value + char;
      // A keystroke as the browser delivers it: keydown, the value changes, input, keyup.
      // React handles input as a discrete event and renders and commits before dispatchEvent
      // returns; the awaited microtask also covers work React would finish in a microtask.
      const start = performance.now();
      input.dispatchEvent(new KeyboardEvent('keydown', { key: char, bubbles: true }));
      setInputValue.call(input, next);
      input.dispatchEvent(new InputEvent('input', { data: char, inputType: 'insertText', bubbles: true }));
      input.dispatchEvent(new KeyboardEvent('keyup', { key: char, bubbles: true }));
      await Promise.resolve();
      times.push(performance.now() - start);
      // A controlled input that React did not re-render would be set back to its old value:
      // the text being there means the timed span included React's commit.
      if (input.value !== next) throw new Error(`#${inputId} shows "${input.value}", not "${next}": React did not commit within the keystroke`);
      // Plain rjsf's keystroke ends in its owner's state (onChange → setState): that round trip is timed too.
      if (mounted === 'plain' && lastData?.[inputId.replace(/^root_/, '')] !== next) throw new Error(`plain rjsf's state did not take "${next}" within the keystroke`);
      await sleep(gapMs);
    }
    return times;
  },

  async pressEnter(inputId) {
    const input = inputById(inputId);
    const start = performance.now();
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    input.dispatchEvent(new KeyboardEvent('keyup', { key: 'Enter', bubbles: true }));
    await Promise.resolve();
    return performance.now() - start;
  },

  data: () => lastData,
  isolated: () => crossOriginIsolated,
};
