import type { User } from '../domain/user.js';

/** Auditors read everything and change nothing: a user whose only role is auditor may not write. */
export const isOnlyAuditor = (user: User) => user.roles.length > 0 && user.roles.every((r) => r === 'auditor');
