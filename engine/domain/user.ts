/** A person who logs in to a county: what the engine knows of them once authenticated. */
export interface User {
  countyId: string;
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  stationIds: string[];
}

/** A user as created: with the argon2id hash of the password (never the password). */
export interface NewUser extends User {
  passwordHash: string;
}
