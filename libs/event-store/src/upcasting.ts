import { RecordedEvent } from './types';

/** Turns `type` at `fromVersion` into `fromVersion + 1`. Stored bytes are never rewritten. */
export interface Upcaster {
  type: string;
  fromVersion: number;
  upcast: (data: unknown) => unknown;
}

export class UpcasterRegistry {
  private readonly byType = new Map<string, Map<number, Upcaster>>();

  register(...upcasters: Upcaster[]): this {
    for (const u of upcasters) {
      const versions = this.byType.get(u.type) ?? new Map<number, Upcaster>();
      if (versions.has(u.fromVersion))
        throw new Error(`Upcaster for ${u.type} v${u.fromVersion} registered twice`);
      versions.set(u.fromVersion, u);
      this.byType.set(u.type, versions);
    }
    return this;
  }

  /** The event as the current code expects it: every upcaster from its stored version on. */
  upcast<T>(event: RecordedEvent<T>): RecordedEvent<T> {
    const versions = this.byType.get(event.type);
    if (!versions) return event;
    let version = event.metadata.schemaVersion ?? 1;
    let data: unknown = event.data;
    let step = versions.get(version);
    if (!step) return event;
    while (step) {
      data = step.upcast(data);
      version += 1;
      step = versions.get(version);
    }
    return { ...event, data: data as T, metadata: { ...event.metadata, schemaVersion: version } };
  }
}
