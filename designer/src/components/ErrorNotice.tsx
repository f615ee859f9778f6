import { Alert, Button } from 'antd';
import type { ApiError } from '../api/client.js';
import { useLocale } from '../app/locale.js';

/** What happened and what to do, in the user's language, with a retry when one makes sense. */
export function ErrorNotice({ error, onRetry }: { error: ApiError | Error; onRetry?: () => void }) {
  const { t, pick } = useLocale();
  const apiError = error as ApiError;
  const message = apiError.messages ? pick(apiError.messages) : error.message;
  return (
    <Alert
      type="error"
      showIcon
      title={t('error.title')}
      // The code is for support and tests, not for the reader: an attribute, not text on screen.
      description={<div data-error-code={apiError.code}>{message}</div>}
      action={onRetry && <Button onClick={onRetry}>{t('app.retry')}</Button>}
    />
  );
}
