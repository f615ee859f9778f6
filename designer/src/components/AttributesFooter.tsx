import { Button, Space, Typography } from 'antd';
import { useMemo, type ReactNode } from 'react';
import type { FormDefinition } from '../../../forms/index.js';
import { JsonForm } from '../../../forms/react/index.js';
import { createFormServices } from '../app/form-services.js';
import { useLocale } from '../app/locale.js';

/** The pack form a directory entry's type declares for its attributes (a station type's, a relation kind's). */
export interface DeclaredForm {
  packId: string;
  version: string;
  form?: FormDefinition;
}

/**
 * The end of an administrator's drawer: the attributes in the form the entry's type declares,
 * whose submit saves the whole entry, or the drawer's own save button when it declares none.
 * `resetKey` names the chosen type: choosing another starts its form afresh.
 */
export function AttributesFooter(props: {
  declared: DeclaredForm | undefined;
  title: (form: FormDefinition) => string;
  testId: string;
  resetKey: string | undefined;
  initialData: Record<string, unknown>;
  busy: boolean;
  save: (attributes: Record<string, unknown>) => Promise<void>;
  cancel: ReactNode;
}) {
  const { t, locale } = useLocale();
  const { declared, initialData, save, cancel } = props;
  const services = useMemo(
    () => declared?.form && createFormServices(locale, { packId: declared.packId, version: declared.version, formId: declared.form.id }),
    [declared, locale],
  );
  if (!declared?.form || !services)
    return (
      <Space>
        {cancel}
        <Button type="primary" loading={props.busy} onClick={() => void save(initialData)} data-testid="form-submit">
          {t('admin.save')}
        </Button>
      </Space>
    );
  return (
    <div data-testid={props.testId}>
      <Typography.Title level={5}>{props.title(declared.form)}</Typography.Title>
      <JsonForm
        key={props.resetKey}
        form={declared.form}
        formKey={`${declared.packId}@${declared.version}#${declared.form.id}`}
        services={services}
        initialData={initialData}
        submitLabel={t('admin.save')}
        onSubmit={save}
      >
        {cancel}
      </JsonForm>
    </div>
  );
}
