import { Button, Upload, message, type UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import type { FieldProps } from '@rjsf/utils';
import type { AttachmentInfo, FormServices } from '../form-context.js';

const text = {
  'zh-CN': { upload: '上传文件', tooBig: '文件超过 {n} MB', type: '不支持此文件类型', failed: '上传失败：' },
  en: { upload: 'Upload a file', tooBig: 'The file is larger than {n} MB', type: 'This file type is not accepted', failed: 'Upload failed: ' },
};

/** What a file field's x-attachment says (the server enforces the same; here it only guides the picker). */
interface AttachmentHints {
  accept?: string[];
  maxBytes?: number;
}

const limitsOf = (schema: unknown): AttachmentHints | undefined => (schema as { 'x-attachment'?: AttachmentHints } | undefined)?.['x-attachment'];

/**
 * A file or photo field: files go to the engine's upload endpoint and the form keeps their
 * ids (never the file content). Works for one id (string) or a list of ids (array).
 */
export function AttachmentsField({ formData, onChange, schema, registry, fieldPathId, disabled, readonly }: FieldProps) {
  const services = registry.formContext as FormServices;
  const words = text[services?.locale === 'en' ? 'en' : 'zh-CN'];
  const multiple = schema.type === 'array';
  const limits = limitsOf(schema) ?? limitsOf(schema.items) ?? {};
  const accept = limits.accept ?? [];
  const maxBytes = limits.maxBytes;
  const maxCount = multiple ? (schema.maxItems as number | undefined) : 1;
  const ids: string[] = multiple ? ((formData as string[] | undefined) ?? []) : formData ? [formData as string] : [];
  const [infos, setInfos] = useState<Record<string, AttachmentInfo>>({});
  const [uploading, setUploading] = useState(false);
  const pointer = '/' + fieldPathId.path.join('/');

  useEffect(() => {
    for (const id of ids) if (!infos[id]) services.describeAttachment(id).then((info) => setInfos((m) => ({ ...m, [id]: info }))).catch(() => {});
  }, [ids.join(',')]); // keyed by the ids' values: a new array with the same ids must not refetch

  const files: UploadFile[] = ids.map((id) => ({ uid: id, name: infos[id]?.filename ?? id, status: 'done', url: services.attachmentUrl(id) }));
  const commit = (next: string[]) => onChange(multiple ? next : next[0], fieldPathId.path);

  return (
    <Upload
      fileList={files}
      accept={accept.join(',')}
      disabled={disabled || readonly || uploading}
      maxCount={maxCount}
      beforeUpload={(file) => {
        if (maxBytes && file.size > maxBytes) {
          message.error(words.tooBig.replace('{n}', String(Math.round(maxBytes / 1048576))));
          return Upload.LIST_IGNORE;
        }
        setUploading(true);
        services
          .upload(pointer, file)
          .then((info) => {
            setInfos((m) => ({ ...m, [info.id]: info }));
            commit(multiple ? [...ids, info.id] : [info.id]);
          })
          .catch((error: Error) => message.error(words.failed + error.message))
          .finally(() => setUploading(false));
        return false; // we upload ourselves, to the engine
      }}
      onRemove={(file) => commit(ids.filter((id) => id !== file.uid))}
    >
      {(!maxCount || ids.length < maxCount) && <Button icon={<UploadOutlined />} loading={uploading}>{words.upload}</Button>}
    </Upload>
  );
}
