/** Deputy levels (全国、省、市、县、乡镇人大代表), highest first. */
export const DEPUTY_LEVELS = ['national', 'provincial', 'city', 'county', 'township'] as const;
export type DeputyLevel = (typeof DEPUTY_LEVELS)[number];

/** A person who logs in to a county: what the engine knows of them once authenticated. */
export interface User {
  countyId: string;
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  stationIds: string[];
  /** The unit (承办单位 …) they work for, if any. */
  unitId: string | null;
  /** A new account or a reset password: nothing else is allowed until they choose their own. */
  mustChangePassword: boolean;
}

/** A user as created: with the argon2id hash of the password (never the password). */
export interface NewUser extends Omit<User, 'unitId' | 'mustChangePassword'> {
  passwordHash: string;
  unitId?: string | null;
  mustChangePassword?: boolean;
  deputyLevel?: DeputyLevel | null;
}

/** A person as the county's administrator manages them. */
export interface Person extends User {
  deputyLevel: DeputyLevel | null;
  disabled: boolean;
  createdAt: Date;
}
