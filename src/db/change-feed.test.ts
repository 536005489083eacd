import { describe, expect, it } from 'vitest';
import { InProcessChangeFeed, type ChangeEvent, type ChangeTopic } from './change-feed.js';

describe('InProcessChangeFeed', () => {
  it('calls the subscribers of the topic published, until they unsubscribe', async () => {
    const feed = new InProcessChangeFeed();
    const partners: ChangeEvent[] = [];
    const index: ChangeEvent[] = [];
    const unsubscribe = feed.subscribe('partners', (event) => partners.push(event));
    feed.subscribe('identify-index', (event) => index.push(event));

    await feed.publish('partners', 'unesco');
    expect(partners).toEqual([{ kind: 'change', payload: 'unesco' }]);
    expect(index).toEqual([]);

    unsubscribe();
    await feed.publish('partners');
    await feed.publish('identify-index');
    expect(partners).toHaveLength(1);
    expect(index).toEqual([{ kind: 'change', payload: '' }]);
  });

  it('a subscriber that throws is reported and does not keep the others from their call', async () => {
    const failures: Array<[ChangeTopic, unknown]> = [];
    const feed = new InProcessChangeFeed((topic, error) => failures.push([topic, error]));
    const seen: ChangeEvent[] = [];
    feed.subscribe('partners', () => {
      throw new Error('broken subscriber');
    });
    feed.subscribe('partners', (event) => seen.push(event));

    await feed.publish('partners', 'icom');
    expect(seen).toEqual([{ kind: 'change', payload: 'icom' }]);
    expect(failures).toEqual([['partners', new Error('broken subscriber')]]);
  });
});
