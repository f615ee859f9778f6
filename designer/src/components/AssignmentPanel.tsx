import { Button, Modal, Popconfirm, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import type { ItemView } from '../api/types.js';
import { useDirectory } from '../app/directory.js';
import { useLocale } from '../app/locale.js';

/** The engine's claim events (engine/flows/flow-machine.ts): claim, hand over ({ userId }), release. */
const CLAIM = 'engine.claim';
const RELEASE = 'engine.release';

/**
 * Who the item's current work is assigned to (已分派给 …, and who in the unit claimed it), with
 * the claim, release and hand-over this user may do. Hand-over offers the unit's other members.
 */
export function AssignmentPanel({ item, onSend }: { item: ItemView; onSend: (type: string, label: string, payload?: { userId: string }) => Promise<void> }) {
  const { t } = useLocale();
  const directory = useDirectory();
  const [handingOver, setHandingOver] = useState(false);
  const [to, setTo] = useState<string>();
  const assignment = item.assignment;
  if (!assignment) return null;

  const assignee = directory.assigneeName(assignment);
  const claim =
    assignment.kind !== 'unit' ? null : assignment.claimedBy ? t('assignment.claimedBy', { name: directory.personName(assignment.claimedBy) }) : t('assignment.unclaimed');
  const members = directory.users.filter((u) => u.unitId === assignment.id && u.id !== assignment.claimedBy);
  const options = item.claimOptions;

  return (
    <Space orientation="vertical" size={8} style={{ width: '100%', marginBottom: 12 }} data-testid="assignment">
      <Typography.Text>
        {t('assignment.to', { name: assignee })}
        {claim && <Typography.Text type="secondary">{` · ${claim}`}</Typography.Text>}
      </Typography.Text>
      {options.length > 0 && (
        <Space wrap>
          {options.includes('claim') && (
            <Popconfirm title={t('assignment.claimConfirm')} onConfirm={() => onSend(CLAIM, t('assignment.claim'))}>
              <Button data-claim="claim">{t('assignment.claim')}</Button>
            </Popconfirm>
          )}
          {options.includes('release') && (
            <Popconfirm title={t('assignment.releaseConfirm')} onConfirm={() => onSend(RELEASE, t('assignment.release'))}>
              <Button data-claim="release">{t('assignment.release')}</Button>
            </Popconfirm>
          )}
          {options.includes('handOver') && members.length > 0 && (
            <Button data-claim="handOver" onClick={() => setHandingOver(true)}>
              {t('assignment.handOver')}
            </Button>
          )}
        </Space>
      )}
      <Modal
        open={handingOver}
        title={t('assignment.handOver')}
        okText={t('assignment.handOver')}
        okButtonProps={{ disabled: !to }}
        onCancel={() => setHandingOver(false)}
        onOk={async () => {
          if (!to) return;
          await onSend(CLAIM, t('assignment.handOver'), { userId: to });
          setHandingOver(false);
          setTo(undefined);
        }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('assignment.handOverHint', { name: assignee })}</Typography.Paragraph>
        <Select
          style={{ width: '100%' }}
          placeholder={t('assignment.handOverPick')}
          value={to}
          onChange={setTo}
          options={members.map((m) => ({ value: m.id, label: m.displayName }))}
          data-testid="hand-over-to"
        />
      </Modal>
    </Space>
  );
}
