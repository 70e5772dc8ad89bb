/** `promise help`: every command and its options. */
export const USAGE = `Usage: promise <command> [options]

Commands:
  simulate <scenario.yaml>   run a peak scenario against the delivery-promise engine
    --report <out.html>      write a self-contained HTML report
    --json <out.json>        write the results as JSON (byte-identical for the same scenario and seed)
    --csv <out.csv>          write the per-day table of every run as CSV
    --seed <n>               override the scenario's seed (0 to 4294967295)
    --runs <n>               play n seeds (seed, seed+1, ...) on worker threads, one per core:
                             medians and p10-p90 bands, answers at a confidence (1 to 100)
    --confidence <c>         the share of runs an answer must hold in (default: the scenario's, 0.9)
    --no-questions           skip the planner's questions and the on/off comparison
    --max-orders <n>         refuse scenarios with more orders (default 5,000,000, as the server)
  apply <results.json>       put a simulation's buffers and capacity into the network file
    --network <file>         the network file (required); a dry-run diff unless --write
    --write                  write it atomically; --admin <host:port> then reloads the service
    --no-buffers, --no-capacity, --token <token>  (promise apply --help for more)
  import-shipments <file.csv>
                             import delivered shipments without a promise (history to learn
                             transit from) into the service's store; columns origin_warehouse,
                             service, destination_country, destination_postal_code, ship_date,
                             delivered (date or ISO instant), promised_latest (optional)
  accuracy                   promise accuracy of shipments (early, on time, late, calibration)
    --from <YYYY-MM-DD>      first ship date (default: 90 days ago)
    --to <YYYY-MM-DD>        last ship date (default: today)
    --report <out.html>      write a self-contained HTML report
  help                       show this text
`;
