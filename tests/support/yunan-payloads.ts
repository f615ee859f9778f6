/** Valid payloads for the Yunan suggestion flow's forms. */
export const intake = (title = '关于修缮桂圩村村道的建议') => ({
  title,
  content: '桂圩村村道破损严重，雨天积水，群众出行不便，建议尽快修缮。',
  category: 'infrastructure',
  channel: 'visit',
  location: '桂圩镇桂圩村',
  constituentName: '张三',
  constituentPhone: '13800138000',
});

export const reply = {
  handlingMode: 'on-site',
  result: 'solved',
  reply: '已组织施工队对村道进行修缮，积水问题已解决。',
  completedOn: '2026-11-20',
};

export const satisfied = { rating: 'satisfied' };
export const unsatisfied = { rating: 'unsatisfied', ratingComment: '仍有一段路面未修' };

/**
 * The triage that sends a general or major suggestion to a unit of the demo county, named as
 * people know it: the form picks the unit from the directory (x-source "units"), by its id.
 */
export async function triageTo(
  someone: { get(url: string): Promise<{ json(): unknown }> },
  mechanism: 'general' | 'major',
  unitName: string,
): Promise<{ mechanism: string; department: string }> {
  const units = (await someone.get('/api/units')).json() as Array<{ id: string; name: string }>;
  const unit = units.find((u) => u.name === unitName);
  if (!unit) throw new Error(`no unit ${unitName} in the demo county`);
  return { mechanism, department: unit.id };
}
