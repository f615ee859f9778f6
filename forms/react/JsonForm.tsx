import { Alert, Button, Space, Steps, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ErrorSchema, RJSFSchema, RegistryFieldsType, RegistryWidgetsType, TemplatesType } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Form, Templates, Widgets } from '@rjsf/antd';
import type { FieldError } from '../field-error.js';
import type { FormDefinition, JsonSchema } from '../form-definition.js';
import { normalizePayload } from '../normalize-payload.js';
import type { FormServices } from './form-context.js';
import { localizeSchema } from './localize-schema.js';
import { prepareUiSchema } from './prepare-ui-schema.js';
import { NO_RJSF_DEFAULTS } from './rjsf-defaults.js';
import { toErrorSchema } from './error-schema.js';
import { browserRuntime, ensureCompiled } from './shared-runtime.js';
import { withDeferredCommit } from './widgets/with-deferred-commit.js';
import { ChineseDateWidget } from './widgets/ChineseDateWidget.js';
import { SourceWidget } from './widgets/SourceWidget.js';
import { AttachmentsField } from './widgets/AttachmentsField.js';
import { SectionedObjectTemplate, type FormSection } from './templates/SectionedObjectTemplate.js';
import './json-form.css';

/** The Ajv class rjsf's validator is typed for (draft-07 Ajv, with its static re-exports). */
type RjsfAjvClass = NonNullable<NonNullable<Parameters<typeof customizeValidator>[0]>['AjvClass']>;

/** rjsf still needs a validator for its own schema work (oneOf, if/then); errors come from our runtime. */
const schemaValidator = customizeValidator({
  // Ajv2020 has the same constructor and instance API; it only lacks the draft-07 class's static re-exports.
  AjvClass: Ajv2020 as unknown as RjsfAjvClass,
  ajvOptionsOverrides: { strict: false },
});

const widgets: RegistryWidgetsType = {
  TextareaWidget: withDeferredCommit(Widgets.TextareaWidget!),
  chineseDate: ChineseDateWidget,
  source: SourceWidget,
};
const fields: RegistryFieldsType = { attachments: AttachmentsField };
const templates: Partial<TemplatesType> = {
  BaseInputTemplate: withDeferredCommit(Templates.BaseInputTemplate!),
  ObjectFieldTemplate: SectionedObjectTemplate,
};

const TEXT = {
  'zh-CN': { next: '下一步', prev: '上一步', submit: '提交', fix: '请先修改标红的字段', saved: '草稿已自动保存', restored: '已恢复您上次未提交的草稿', discard: '清除草稿', choose: '请选择' },
  en: { next: 'Next', prev: 'Back', submit: 'Submit', fix: 'Please correct the fields marked in red', saved: 'Draft saved', restored: 'Your unsent draft was restored', discard: 'Discard draft', choose: 'Select…' },
};


/** Saves and restores a half-filled form on the server. */
export interface DraftStore {
  load(): Promise<Record<string, unknown> | undefined>;
  save(data: Record<string, unknown>): Promise<void>;
  discard(): Promise<void>;
}

/** A wizard step: "ui:steps": [{ "title": {"zh-CN": …, "en": …}, "fields": [...] }]. */
type FormStep = FormSection;

export interface JsonFormProps {
  form: FormDefinition;
  /** Identifies the form version (pack, version, form) for the compiled validator. */
  formKey: string;
  services: FormServices;
  initialData?: Record<string, unknown>;
  /** Shows the data without inputs (audit trace). */
  readOnly?: boolean;
  draft?: DraftStore;
  submitLabel?: string;
  /** Sends the data; a thrown error with details.errors (the engine's field errors) is shown under the fields. */
  onSubmit?(data: Record<string, unknown>): Promise<void>;
  children?: ReactNode;
}

const DRAFT_DELAY_MS = 1000;

/**
 * One generated form: react-jsonschema-form with the antd theme, validated by the shared
 * runtime (the engine's messages word for word), with wizard steps and sections from the UI
 * schema, computed fields, file uploads to the engine and server-side drafts.
 */
export function JsonForm({ form, formKey, services, initialData, readOnly, draft, submitLabel, onSubmit, children }: JsonFormProps) {
  const locale = services.locale;
  const words = TEXT[locale];
  const key = useMemo(() => ensureCompiled(formKey, form), [formKey, form]);
  const schema = useMemo(() => localizeSchema(form.schema, locale), [form.schema, locale]);
  const uiSchema = useMemo(() => prepareUiSchema(form.schema, form.uiSchema as Record<string, unknown>, words.choose), [form.schema, form.uiSchema, words]);
  const steps = (form.uiSchema?.['ui:steps'] as FormStep[] | undefined) ?? [];

  // Declared defaults and computed fields, as the server would store the same data; stored data is shown as it is.
  const prepare = useCallback((value: Record<string, unknown> | undefined) => (readOnly ? (value ?? {}) : browserRuntime.prepare(key, value ?? {})), [key, readOnly]);
  const [data, setData] = useState<Record<string, unknown>>(() => prepare(initialData));
  // The newest data, for a submit that runs before React has re-rendered with it.
  const dataRef = useRef(data);
  dataRef.current = data;
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [tried, setTried] = useState(false);
  const [step, setStep] = useState(0);
  const [busy, setBusy] = useState(false);
  const [draftNote, setDraftNote] = useState<string | undefined>();
  const [submitError, setSubmitError] = useState<string | undefined>();
  const draftTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The form as it opened, defaults included: only a real edit differs from it and is worth a draft.
  const lastSaved = useRef(JSON.stringify(normalizePayload(data)));

  useEffect(() => {
    if (!draft || readOnly) return;
    let live = true;
    draft.load().then((saved) => {
      if (live && saved && Object.keys(saved).length) {
        lastSaved.current = JSON.stringify(saved);
        setData(prepare(saved));
        setDraftNote(words.restored);
      }
    });
    return () => {
      live = false;
      clearTimeout(draftTimer.current);
    };
  }, [draft]); // only a new draft store restores a draft: rerunning on a locale change would overwrite edits

  const validate = useCallback((value: Record<string, unknown>) => {
    const result = browserRuntime.validate(key, value);
    return result.valid ? [] : result.errors;
  }, [key]);

  const change = useCallback(
    (next: Record<string, unknown>) => {
      const computed = prepare(next);
      dataRef.current = computed;
      setData(computed);
      if (tried) setErrors(validate(computed));
      const snapshot = JSON.stringify(normalizePayload(computed));
      if (draft && snapshot !== lastSaved.current) {
        clearTimeout(draftTimer.current);
        draftTimer.current = setTimeout(() => {
          lastSaved.current = snapshot;
          draft.save(JSON.parse(snapshot)).then(() => setDraftNote(`${words.saved} ${new Date().toLocaleTimeString(locale)}`));
        }, DRAFT_DELAY_MS);
      }
    },
    [prepare, tried, validate, draft, words, locale],
  );

  const stepFields = steps[step]?.fields;
  const inStep = (e: FieldError) => !stepFields || stepFields.includes(e.field.split('/')[1]?.replace(/~1/g, '/').replace(/~0/g, '~') ?? '');

  async function submit() {
    // What is still being typed commits on blur, and rjsf reports it after its own update:
    // let both happen before reading the data, or a quick click would send the old value.
    (document.activeElement as HTMLElement | null)?.blur?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await new Promise((resolve) => setTimeout(resolve, 0));
    const data = dataRef.current;
    const found = validate(data);
    setTried(true);
    setErrors(found);
    if (steps.length && step < steps.length - 1) {
      if (found.some(inStep)) return;
      setErrors([]);
      setStep(step + 1);
      return;
    }
    if (found.length || !onSubmit) return;
    setBusy(true);
    setSubmitError(undefined);
    try {
      clearTimeout(draftTimer.current);
      await onSubmit(normalizePayload(data) as Record<string, unknown>);
      setDraftNote(undefined);
    } catch (error) {
      // The engine's field errors go under their fields; anything else is said above the form.
      const failure = error as { details?: { errors?: FieldError[] }; messages?: Record<string, string>; message?: string };
      if (failure.details?.errors?.length) setErrors(failure.details.errors);
      else setSubmitError(failure.messages?.[locale] ?? failure.message ?? String(error));
    } finally {
      setBusy(false);
    }
  }

  const visibleErrors = steps.length && step < steps.length - 1 ? errors.filter(inStep) : errors;
  const extraErrors: ErrorSchema = useMemo(() => toErrorSchema(visibleErrors, locale), [visibleErrors, locale]);
  const shownSchema = useMemo(() => (stepFields ? pickFields(schema, stepFields) : schema), [schema, stepFields]);
  const last = !steps.length || step === steps.length - 1;

  return (
    <div data-form-id={form.id} className={readOnly ? 'json-form-readonly' : undefined}>
      {steps.length > 0 && !readOnly && (
        <Steps current={step} size="small" style={{ marginBottom: 24 }} items={steps.map((s) => ({ title: s.title[locale] }))} data-testid="wizard-steps" />
      )}
      {draftNote && !readOnly && (
        <Alert
          type="info"
          showIcon
          title={draftNote}
          style={{ marginBottom: 16 }}
          data-testid="draft-note"
          action={draft && <Button size="small" onClick={() => draft.discard().then(() => { setData(prepare(initialData)); setDraftNote(undefined); })}>{words.discard}</Button>}
        />
      )}
      {visibleErrors.length > 0 && <Alert type="error" showIcon title={words.fix} style={{ marginBottom: 16 }} data-testid="form-errors" />}
      {submitError && <Alert type="error" showIcon title={submitError} style={{ marginBottom: 16 }} data-testid="submit-error" />}
      <div
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') e.preventDefault();
        }}
      >
      <Form
        schema={shownSchema as RJSFSchema}
        uiSchema={{ ...uiSchema, 'ui:submitButtonOptions': { norender: true } }}
        formData={data}
        validator={schemaValidator}
        experimental_defaultFormStateBehavior={NO_RJSF_DEFAULTS}
        widgets={widgets}
        fields={fields}
        templates={templates}
        formContext={services}
        extraErrors={extraErrors}
        showErrorList={false}
        noHtml5Validate
        disabled={readOnly}
        readonly={readOnly}
        onChange={(e) => change(e.formData)}
        // Only our buttons submit: Enter in a field must not send the form or jump a wizard step.
        noValidate
        onSubmit={() => undefined}
      />
      </div>
      {!readOnly && (
        <Space style={{ marginTop: 16 }}>
          {children}
          {steps.length > 0 && step > 0 && <Button onClick={() => { setErrors([]); setStep(step - 1); }}>{words.prev}</Button>}
          <Button type="primary" loading={busy} onClick={() => void submit()} data-testid={last ? 'form-submit' : 'wizard-next'}>
            {last ? (submitLabel ?? words.submit) : words.next}
          </Button>
        </Space>
      )}
      {readOnly && Object.keys(data).length === 0 && <Typography.Text type="secondary">—</Typography.Text>}
    </div>
  );
}

/** The part of an object schema a wizard step shows: its fields, and which of them are required. */
function pickFields(schema: JsonSchema, names: string[]): JsonSchema {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = ((schema.required as string[] | undefined) ?? []).filter((n) => names.includes(n));
  // Conditionals may name fields of other steps; the step's own check uses the whole form's errors instead.
  const { allOf: _a, if: _i, then: _t, else: _e, ...rest } = schema;
  return { ...rest, properties: Object.fromEntries(names.filter((n) => properties[n]).map((n) => [n, properties[n]])), required };
}
