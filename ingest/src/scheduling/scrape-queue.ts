import { type QueueSpec, scrapeJobRoutingKey, type Topology } from '@fareflow/shared';

/** The work queue every scrape worker shares (quorum; a job failing 5 times is dead-lettered). */
export function scrapeJobQueue(topology: Topology): QueueSpec {
  return topology.queue('ingest.scrape-jobs', [scrapeJobRoutingKey], 5);
}
