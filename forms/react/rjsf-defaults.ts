import type { Experimental_DefaultFormStateBehavior } from '@rjsf/utils';

/**
 * How rjsf fills in a form's data: not at all. Left to its defaults it sets every choice to its
 * first option (a oneOf const counts as a default) and every required yes/no to "no", values
 * nobody chose that were then stored (满意度 as 满意, all 八有 as 是, a village deputy as a
 * national one), and reports that data as an edit when the page re-renders (a draft saved
 * before anything was typed). A form's declared defaults are filled in by the shared runtime
 * (FormRuntime.prepare), the same code that fills them in on the server.
 */
export const NO_RJSF_DEFAULTS: Experimental_DefaultFormStateBehavior = {
  emptyObjectFields: 'skipDefaults',
  constAsDefaults: 'never',
  requiredBooleanDefault: 'skip',
  arrayMinItems: { populate: 'never' },
};
