import { Space, Typography } from 'antd';
import { Link } from 'react-router';
import type { ItemView } from '../api/types.js';
import { useLocale } from '../app/locale.js';

type Related = ItemView['related']['started'][number];

/** Items linked by starting one another (the item that started this one, the items it started), each a link named by its flow. */
export function RelatedItemLinks({ relation, items, testId = `related-${relation}` }: { relation: 'startedBy' | 'started'; items: Related[]; testId?: string }) {
  const { t, pick } = useLocale();
  if (!items.length) return null;
  return (
    <Space wrap size={4} data-testid={testId}>
      <Typography.Text type="secondary">{t(`related.${relation}`)}：</Typography.Text>
      {items.map((item, i) => (
        <span key={item.itemId}>
          {i > 0 ? '、' : null}
          <Link to={`/items/${item.itemId}`}>{pick(item.flowTitle)}</Link>
        </span>
      ))}
    </Space>
  );
}
