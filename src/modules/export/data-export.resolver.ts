import { Ctx, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../context';
import { DataExport } from './data-export.type';
import { DataExportService } from './data-export.service';

@Resolver(() => DataExport)
export class DataExportResolver {
  @Query(() => DataExport, { description: 'Everything KacMac holds about the calling customer' })
  myDataExport(@Ctx() ctx: AppContext): Promise<DataExport> {
    return new DataExportService(ctx).export();
  }
}
