import { describe, expect, it } from 'vitest';
import {
  CREATION_PROPERTIES,
  FUNNEL_PROPERTIES,
  OWNER_PROPERTY,
  trackedContactProperties,
  unsubscribedProperties,
  watchedProperties,
} from '../../src/domain/watched-properties.ts';

describe('watchedProperties', () => {
  it('watches what the definitions read, then the owner and the funnel, each once', () => {
    const watched = watchedProperties({ propertiesRead: ['industry', 'hubspot_owner_id', 'hubspotscore'] });

    expect(watched).toEqual(['industry', 'hubspot_owner_id', 'hubspotscore', ...FUNNEL_PROPERTIES]);
  });

  it('watches the owner even when the handoff rule reads another property', () => {
    expect(watchedProperties({ propertiesRead: ['lead_assignee'] })).toContain(OWNER_PROPERTY);
  });

  it('reads the properties set at creation without watching them', () => {
    const definitions = { propertiesRead: ['industry'] };

    expect(trackedContactProperties(definitions)).toEqual([
      ...watchedProperties(definitions),
      ...CREATION_PROPERTIES,
    ]);
    expect(watchedProperties(definitions)).not.toContain('createdate');
  });
});

describe('unsubscribedProperties', () => {
  it('names the watched properties no subscription covers, in the watched order', () => {
    expect(unsubscribedProperties(['a', 'b', 'c'], ['c', 'x'])).toEqual(['a', 'b']);
  });

  it('is empty when every watched property is covered', () => {
    expect(unsubscribedProperties(['a', 'b'], ['b', 'a', 'z'])).toEqual([]);
  });
});
