import { Space, Tag } from 'antd';
import type { StateView } from '../api/types.js';
import { useLocale } from '../app/locale.js';

/** Where an item is: one tag per active state (several when branches run in parallel). */
export function StateTags({ state, status }: { state: StateView; status: 'active' | 'done' }) {
  const { pick } = useLocale();
  return (
    <Space size={4} wrap>
      {state.labels.map((label, i) => (
        <Tag key={state.paths[i]} color={status === 'done' ? 'green' : 'blue'}>
          {pick(label)}
        </Tag>
      ))}
    </Space>
  );
}
