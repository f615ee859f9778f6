import type { PackRegistry } from '../packs/pack-registry.js';
import type { Store } from '../store/store.js';
import { stationBoard, type Board } from './public-board.js';

export type { Board, BoardItem } from './public-board.js';

/** Public progress boards (公示): no login; only what a county's flows opted in to show, personal data masked. */
export class PublicBoardService {
  constructor(
    private readonly store: Store,
    private readonly registry: PackRegistry,
  ) {}

  /** A station's board; 404 for an unknown county or station. */
  board(countyId: string, stationId: string): Promise<Board> {
    return stationBoard(this.store, this.registry, countyId, stationId);
  }
}
