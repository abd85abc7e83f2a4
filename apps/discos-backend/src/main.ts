// The deployable DISCOS backend server: the package's own CLI entry (bin `discos-backend` lives in
// @discos/backend-protocol), run with JSON logs and graceful shutdown.
import { main } from '@discos/backend-protocol';

await main();
