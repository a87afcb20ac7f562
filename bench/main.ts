// Placeholder until the benchmark issue lands: says so plainly instead of printing made-up figures.
console.log(
  'npm run bench is not built yet: the benchmark suite (import vs COPY, indicator latency, tiles, first ' +
    'choropleth) arrives with the benchmarks issue. Nothing was measured.',
);
process.exit(0);
