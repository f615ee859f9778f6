import { Empty, Flex, Pagination, Segmented, Spin, Table, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useNarrow } from '../app/directory-admin.js';

export interface ResponsiveColumn<T> {
  key: string;
  title: string;
  render(row: T): ReactNode;
  align?: 'left' | 'right';
  /** The row's name: the heading of its block on a phone. */
  heading?: boolean;
  /** What can be done with the row: the last column on a wide screen (kept in view), the foot of its block on a phone. */
  actions?: boolean;
  /**
   * Rows can be sorted by this column: compare(a, b) > 0 when a comes first (the worst, the most),
   * the order a click on the heading gives first; on a phone, a switch above the blocks.
   */
  sortFirst?(a: T, b: T): number;
}

interface Props<T> {
  rows: T[];
  columns: ResponsiveColumn<T>[];
  rowKey(row: T): string;
  loading?: boolean;
  empty: string;
  pageSize?: number;
  totalText?(n: number): string;
  /** Below this width (a tablet) the table scrolls inside its card; above it, long cells wrap. */
  minWidth?: number;
  /**
   * Pages the engine cuts (a list of tens of thousands): rows are the current page, total counts
   * every match, and onPage asks for another page. Without it the rows are all there and paged here.
   */
  paging?: { page: number; total: number; onPage(page: number): void };
  /** On a phone, what the sort switch is labelled (sortable columns only). */
  sortLabel?: string;
  'data-testid'?: string;
}

const blank = (value: ReactNode) => value === null || value === undefined || value === '' || value === false || (Array.isArray(value) && value.length === 0);

/**
 * A table on a wide screen (long cells wrap; on a narrower one it scrolls inside its card, the actions kept in view);
 * on a phone, a list of blocks: the row's name, then "label：value" lines for what it has, then
 * its actions — nothing wider than the screen.
 */
export function ResponsiveTable<T extends object>({ rows, columns, rowKey, loading, empty, pageSize = 20, totalText, minWidth = 880, paging, sortLabel, 'data-testid': testId }: Props<T>) {
  const narrow = useNarrow();
  const [ownPage, setOwnPage] = useState(1);
  // On a phone: the column rows are sorted by, the first sortable one until another is picked.
  const [sortKey, setSortKey] = useState(columns.find((c) => c.sortFirst)?.key);
  const page = paging?.page ?? ownPage;
  const setPage = paging?.onPage ?? setOwnPage;
  const total = paging?.total ?? rows.length;
  if (!narrow) {
    return (
      <Table<T>
        rowKey={rowKey}
        size="middle"
        // Columns sized by their content; a fixed column would otherwise switch the table to fixed layout and clip them.
        tableLayout="auto"
        loading={loading}
        dataSource={rows}
        columns={columns.map((c) => ({
          key: c.key,
          title: c.title,
          align: c.align,
          fixed: c.actions ? ('right' as const) : undefined,
          render: (_: unknown, row: T) => c.render(row),
          // antd sorts ascending by the sorter, and 'descend' reverses it: the first click shows the rows that come first.
          ...(c.sortFirst ? { sorter: (a: T, b: T) => c.sortFirst!(a, b), sortDirections: ['descend' as const, 'ascend' as const] } : {}),
        }))}
        scroll={{ x: minWidth }}
        pagination={{ pageSize, hideOnSinglePage: true, showSizeChanger: false, showTotal: totalText, ...(paging ? { current: paging.page, total: paging.total, onChange: paging.onPage } : {}) }}
        locale={{ emptyText: <Empty description={empty} /> }}
        data-testid={testId}
      />
    );
  }
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(page, pages);
  const sortable = columns.filter((c) => c.sortFirst);
  const sortBy = sortable.find((c) => c.key === sortKey)?.sortFirst;
  const ordered = sortBy ? [...rows].sort((a, b) => sortBy(b, a)) : rows;
  const shown = paging ? ordered : ordered.slice((current - 1) * pageSize, current * pageSize);
  const heading = columns.find((c) => c.heading);
  const actions = columns.find((c) => c.actions);
  return (
    <div data-testid={testId}>
      {sortable.length > 0 && rows.length > 1 && (
        <Flex gap={8} align="center" wrap style={{ marginBottom: 4 }}>
          {sortLabel && <Typography.Text type="secondary">{sortLabel}</Typography.Text>}
          <Segmented size="small" value={sortKey} onChange={setSortKey} options={sortable.map((c) => ({ value: c.key, label: c.title }))} />
        </Flex>
      )}
      {loading && rows.length === 0 && <Spin style={{ display: 'block', margin: 24 }} />}
      {!loading && rows.length === 0 && <Empty description={empty} />}
      {shown.map((row) => (
        <div key={rowKey(row)} data-list-row style={{ padding: '12px 0', borderBottom: '1px solid #f0f0f0', overflowWrap: 'anywhere' }}>
          {heading && <div style={{ fontWeight: 500, marginBottom: 4 }}>{heading.render(row)}</div>}
          {columns
            .filter((c) => c !== heading && c !== actions)
            .map((c) => ({ c, value: c.render(row) }))
            .filter(({ value }) => !blank(value))
            .map(({ c, value }) => (
              <Flex key={c.key} gap={4} wrap style={{ lineHeight: '26px' }}>
                <Typography.Text type="secondary">{c.title}：</Typography.Text>
                <span>{value}</span>
              </Flex>
            ))}
          {actions && <div style={{ marginTop: 4, marginInlineStart: -8 }}>{actions.render(row)}</div>}
        </div>
      ))}
      {pages > 1 && <Pagination simple current={current} pageSize={pageSize} total={total} onChange={setPage} style={{ marginTop: 12, textAlign: 'center' }} />}
      {totalText && total > 0 && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
          {totalText(total)}
        </Typography.Text>
      )}
    </div>
  );
}
