import { z } from 'zod';

export const regionsQuery = z.strictObject({});

export const regionsResponse = z
  .object({
    region: z.string().describe('the region of the API that answered'),
    regions: z.array(
      z.object({
        region: z.string().meta({ example: 'eu' }),
        baseUrl: z.string().describe('send searches whose origin is one of `airports` here').meta({
          example: 'https://eu.api.fareflow.example',
        }),
        airports: z.array(z.string()).describe('origin airports (IATA) whose flights this region serves'),
      }),
    ),
  })
  .meta({ id: 'Regions' });
export type RegionsResponse = z.infer<typeof regionsResponse>;
