import { Badge, Button, Drawer, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { BellOutlined, RightOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, query, type ApiError } from '../api/client.js';
import type { NotificationPage, NotificationView, UnreadCount } from '../api/types.js';
import { useLocale } from '../app/locale.js';
import type { MessageKey } from '../app/messages.js';
import { ErrorNotice } from './ErrorNotice.js';
import { formatTime } from './time-format.js';

/** How often the unread count is fetched while the page is open (and again whenever the window regains focus). */
const POLL_MS = 30_000;
const PAGE_SIZE = 20;

/** The kinds the engine writes, in people's words; a kind without words shows no tag rather than its key. */
const KIND_LABELS: Record<string, { key: MessageKey; color: string }> = {
  remind: { key: 'notify.kind.remind', color: 'gold' },
  escalate: { key: 'notify.kind.escalate', color: 'red' },
  assigned: { key: 'notify.kind.assigned', color: 'blue' },
  system: { key: 'notify.kind.system', color: 'default' },
};

type Filter = 'all' | 'unread';

/**
 * The bell in the header: how many notifications are unread, and the list of them in a drawer
 * (the whole width on a phone). Opening one marks it read and opens its item.
 */
export function NotificationBell({ narrow }: { narrow: boolean }) {
  const { t, pick, locale } = useLocale();
  const navigate = useNavigate();
  const [unread, setUnread] = useState<UnreadCount>();
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState<Filter>('all');
  const [list, setList] = useState<{ notifications: NotificationView[]; total: number; page: number }>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError>();
  // Answers to an older request (another filter, a closed drawer) must not replace newer ones.
  const generation = useRef(0);

  const refreshCount = useCallback(() => {
    api.get<UnreadCount>('/api/notifications/unread-count').then(setUnread, () => {
      // A missed poll is not worth a message: the next one, or the next focus, tries again.
    });
  }, []);

  useEffect(() => {
    refreshCount();
    const timer = setInterval(refreshCount, POLL_MS);
    window.addEventListener('focus', refreshCount);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', refreshCount);
    };
  }, [refreshCount]);

  const load = useCallback(
    async (page: number, which: Filter) => {
      const mine = ++generation.current;
      setLoading(true);
      setError(undefined);
      try {
        const found = await api.get<NotificationPage>(`/api/notifications${query({ page, pageSize: PAGE_SIZE, unread: which === 'unread' ? 'true' : undefined })}`);
        if (mine !== generation.current) return;
        setList((before) => ({
          notifications: page === 1 || !before ? found.notifications : [...before.notifications, ...found.notifications.filter((n) => !before.notifications.some((b) => b.id === n.id))],
          total: found.total,
          page,
        }));
      } catch (e) {
        if (mine === generation.current) setError(e as ApiError);
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [],
  );

  const show = () => {
    setOpen(true);
    setList(undefined);
    refreshCount();
    void load(1, filter);
  };

  const choose = (which: Filter) => {
    setFilter(which);
    setList(undefined);
    void load(1, which);
  };

  const markedRead = (id: string, at: string) =>
    setList((before) => before && { ...before, notifications: before.notifications.map((n) => (n.id === id && !n.readAt ? { ...n, readAt: at } : n)) });

  const openOne = async (notification: NotificationView) => {
    if (!notification.readAt) {
      try {
        await api.post(`/api/notifications/${notification.id}/read`);
        markedRead(notification.id, new Date().toISOString());
      } catch (e) {
        setError(e as ApiError);
        return;
      }
      refreshCount();
    }
    if (notification.itemId) {
      setOpen(false);
      navigate(`/items/${notification.itemId}`);
    }
  };

  const readAll = async () => {
    try {
      await api.post('/api/notifications/read-all');
    } catch (e) {
      setError(e as ApiError);
      return;
    }
    const at = new Date().toISOString();
    setList((before) => before && { ...before, notifications: before.notifications.map((n) => (n.readAt ? n : { ...n, readAt: at })) });
    setUnread({ count: 0, countIsLowerBound: false });
    refreshCount();
  };

  const count = unread?.count ?? 0;
  const more = list && list.notifications.length < list.total;

  return (
    <>
      {/* White on the red header: a red count would vanish into it. */}
      <Badge
        count={count}
        overflowCount={99}
        size="small"
        offset={[-4, 4]}
        styles={{ indicator: { background: '#fff', color: '#a8071a', fontWeight: 600, boxShadow: '0 0 0 1px #a8071a' } }}
        data-testid="notification-count"
      >
        <Button
          type="text"
          icon={<BellOutlined style={{ color: '#fff', fontSize: 18 }} />}
          onClick={show}
          aria-label={count ? t('notify.openUnread', { n: unread?.countIsLowerBound ? `${count}+` : count }) : t('notify.title')}
          data-testid="notification-bell"
          style={{ flexShrink: 0 }}
        />
      </Badge>
      <Drawer
        open={open}
        placement="right"
        size={narrow ? '100%' : 420}
        title={t('notify.title')}
        onClose={() => setOpen(false)}
        extra={
          <Button size="small" onClick={() => void readAll()} disabled={!count} data-testid="notification-read-all">
            {t('notify.readAll')}
          </Button>
        }
        styles={{ body: { padding: 0 } }}
      >
        <div style={{ padding: '12px 16px' }}>
          <Segmented<Filter>
            value={filter}
            onChange={choose}
            options={[
              { value: 'all', label: t('notify.all') },
              { value: 'unread', label: count ? `${t('notify.unread')} ${unread?.countIsLowerBound ? `${count}+` : count}` : t('notify.unread') },
            ]}
          />
        </div>
        {error && (
          <div style={{ padding: '0 16px 12px' }}>
            <ErrorNotice error={error} onRetry={() => void load(1, filter)} />
          </div>
        )}
        {list && !list.notifications.length && !loading && (
          <Typography.Paragraph type="secondary" style={{ padding: '24px 16px', textAlign: 'center' }} data-testid="notification-empty">
            {t(filter === 'unread' ? 'notify.emptyUnread' : 'notify.empty')}
          </Typography.Paragraph>
        )}
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="notification-list">
          {list?.notifications.map((n) => {
            const kind = KIND_LABELS[n.kind];
            return (
              <li key={n.id} style={{ borderTop: '1px solid #f0f0f0' }}>
                <button
                  type="button"
                  onClick={() => void openOne(n)}
                  data-testid="notification"
                  data-unread={n.readAt ? undefined : 'true'}
                  style={{
                    display: 'flex',
                    gap: 10,
                    width: '100%',
                    padding: '12px 16px',
                    border: 0,
                    background: n.readAt ? 'transparent' : '#fff7e6',
                    textAlign: 'start',
                    cursor: 'pointer',
                    font: 'inherit',
                  }}
                >
                  <Badge status={n.readAt ? 'default' : 'processing'} style={{ visibility: n.readAt ? 'hidden' : 'visible', paddingTop: 2 }} />
                  <span style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', gap: 2 }}>
                    <Space size={6} wrap>
                      {kind && (
                        <Tag color={kind.color} style={{ marginInlineEnd: 0 }}>
                          {t(kind.key)}
                        </Tag>
                      )}
                      <Typography.Text strong={!n.readAt}>{pick(n.title)}</Typography.Text>
                      {!n.readAt && <span className="visually-hidden">{t('notify.unreadMark')}</span>}
                    </Space>
                    {n.body && (
                      <Typography.Paragraph type="secondary" style={{ margin: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                        {pick(n.body)}
                      </Typography.Paragraph>
                    )}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatTime(n.createdAt, locale)}
                    </Typography.Text>
                  </span>
                  {n.itemId && <RightOutlined aria-label={t('notify.openItem')} style={{ color: '#bfbfbf', alignSelf: 'center' }} />}
                </button>
              </li>
            );
          })}
        </ul>
        {loading && (
          <div style={{ padding: 24, textAlign: 'center' }}>
            <Spin />
          </div>
        )}
        {more && !loading && (
          <div style={{ padding: 16, textAlign: 'center' }}>
            <Button onClick={() => void load(list.page + 1, filter)}>{t('notify.more')}</Button>
          </div>
        )}
      </Drawer>
    </>
  );
}
