-- Tandem: the records derivation of 'Brightwell FY2026 H2 shared plan' as of 2026-11 (duckdb), as the DocC article "From records to metrics" defines it.
-- Review date: 29935020 minutes since 1970 UTC (the end of 2026-11 in America/New_York).
WITH
periods AS (
  SELECT 0 AS p, '2026-07' AS label, 29714640 AS start_m, 29759280 AS end_m
  UNION ALL SELECT 1 AS p, '2026-08' AS label, 29759280 AS start_m, 29803920 AS end_m
  UNION ALL SELECT 2 AS p, '2026-09' AS label, 29803920 AS start_m, 29847120 AS end_m
  UNION ALL SELECT 3 AS p, '2026-10' AS label, 29847120 AS start_m, 29891760 AS end_m
  UNION ALL SELECT 4 AS p, '2026-11' AS label, 29891760 AS start_m, 29935020 AS end_m
),
source_0 AS (
  SELECT id AS id,
    CAST(floor(epoch(timezone('America/New_York', CAST(created AS TIMESTAMP))) / 60) AS BIGINT) AS created_m,
    CAST(NULL AS BIGINT) AS s0,
    CAST(floor(epoch(timezone('America/New_York', CAST(mqls AS TIMESTAMP))) / 60) AS BIGINT) AS s1,
    CAST(floor(epoch(timezone('America/New_York', CAST(sqls AS TIMESTAMP))) / 60) AS BIGINT) AS s2,
    CAST(floor(epoch(timezone('America/New_York', CAST(first_touch AS TIMESTAMP))) / 60) AS BIGINT) AS touch_m,
    CASE LOWER(TRIM(CAST(owner_team AS VARCHAR))) WHEN 'marketing' THEN 'marketing' WHEN 'sales' THEN 'sales' END AS team,
    NULLIF(TRIM(CAST(segment AS VARCHAR)), '') AS segment,
    ROW_NUMBER() OVER (PARTITION BY id ORDER BY created) AS copy_no
  FROM leads
),
lead_records AS (
  SELECT created_m, COALESCE(s0, created_m) AS s0, s1, s2, touch_m, team, segment FROM source_0 WHERE id IS NULL OR copy_no = 1
),
source_2 AS (
  SELECT id AS id,
    CAST(floor(epoch(timezone('America/New_York', CAST(created AS TIMESTAMP))) / 60) AS BIGINT) AS created_m,
    CAST(floor(epoch(timezone('America/New_York', CAST(close AS TIMESTAMP))) / 60) AS BIGINT) AS close_m,
    COALESCE(CAST(amount AS DOUBLE), 0) AS amount,
    CASE LOWER(TRIM(CAST(outcome AS VARCHAR))) WHEN 'won' THEN 'won' WHEN 'lost' THEN 'lost' WHEN 'disqualified' THEN 'disqualified' ELSE 'open' END AS outcome,
    CASE LOWER(TRIM(CAST(owner_team AS VARCHAR))) WHEN 'marketing' THEN 'marketing' WHEN 'sales' THEN 'sales' END AS team,
    NULLIF(TRIM(CAST(segment AS VARCHAR)), '') AS segment,
    ROW_NUMBER() OVER (PARTITION BY id ORDER BY created) AS copy_no
  FROM deals
),
deal_records AS (
  SELECT created_m, close_m, amount, outcome, team, segment, created_m AS s3, CASE WHEN outcome = 'won' THEN close_m END AS s4, CASE WHEN outcome <> 'open' AND close_m IS NOT NULL THEN 1 ELSE 0 END AS closed FROM source_2 WHERE id IS NULL OR copy_no = 1
),
volume_0_cells AS (
  SELECT p, team, segment, SUM(v) AS v, COUNT(*) AS n FROM (SELECT * FROM (SELECT CASE WHEN s0 IS NULL OR s0 < 29714640 OR s0 >= 29935020 THEN NULL WHEN s0 < 29759280 THEN 0 WHEN s0 < 29803920 THEN 1 WHEN s0 < 29847120 THEN 2 WHEN s0 < 29891760 THEN 3 ELSE 4 END AS p, team, segment, CAST(1 AS DOUBLE) AS v FROM lead_records) z WHERE p IS NOT NULL) s GROUP BY p, team, segment
),
volume_0_totals AS (
  SELECT per.p, COALESCE(SUM(c.v), 0) AS total, COALESCE(SUM(c.n), 0) AS n FROM periods per LEFT JOIN volume_0_cells c ON c.p = per.p GROUP BY per.p
),
volume_1_cells AS (
  SELECT p, team, segment, SUM(v) AS v, COUNT(*) AS n FROM (SELECT * FROM (SELECT CASE WHEN s1 IS NULL OR s1 < 29714640 OR s1 >= 29935020 THEN NULL WHEN s1 < 29759280 THEN 0 WHEN s1 < 29803920 THEN 1 WHEN s1 < 29847120 THEN 2 WHEN s1 < 29891760 THEN 3 ELSE 4 END AS p, team, segment, CAST(1 AS DOUBLE) AS v FROM lead_records) z WHERE p IS NOT NULL) s GROUP BY p, team, segment
),
volume_1_totals AS (
  SELECT per.p, COALESCE(SUM(c.v), 0) AS total, COALESCE(SUM(c.n), 0) AS n FROM periods per LEFT JOIN volume_1_cells c ON c.p = per.p GROUP BY per.p
),
volume_2_cells AS (
  SELECT p, team, segment, SUM(v) AS v, COUNT(*) AS n FROM (SELECT * FROM (SELECT CASE WHEN s2 IS NULL OR s2 < 29714640 OR s2 >= 29935020 THEN NULL WHEN s2 < 29759280 THEN 0 WHEN s2 < 29803920 THEN 1 WHEN s2 < 29847120 THEN 2 WHEN s2 < 29891760 THEN 3 ELSE 4 END AS p, team, segment, CAST(1 AS DOUBLE) AS v FROM lead_records) z WHERE p IS NOT NULL) s GROUP BY p, team, segment
),
volume_2_totals AS (
  SELECT per.p, COALESCE(SUM(c.v), 0) AS total, COALESCE(SUM(c.n), 0) AS n FROM periods per LEFT JOIN volume_2_cells c ON c.p = per.p GROUP BY per.p
),
volume_3_cells AS (
  SELECT p, team, segment, SUM(v) AS v, COUNT(*) AS n FROM (SELECT * FROM (SELECT CASE WHEN s3 IS NULL OR s3 < 29714640 OR s3 >= 29935020 THEN NULL WHEN s3 < 29759280 THEN 0 WHEN s3 < 29803920 THEN 1 WHEN s3 < 29847120 THEN 2 WHEN s3 < 29891760 THEN 3 ELSE 4 END AS p, team, segment, CAST(1 AS DOUBLE) AS v FROM deal_records) z WHERE p IS NOT NULL) s GROUP BY p, team, segment
),
volume_3_totals AS (
  SELECT per.p, COALESCE(SUM(c.v), 0) AS total, COALESCE(SUM(c.n), 0) AS n FROM periods per LEFT JOIN volume_3_cells c ON c.p = per.p GROUP BY per.p
),
volume_4_cells AS (
  SELECT p, team, segment, SUM(v) AS v, COUNT(*) AS n FROM (SELECT * FROM (SELECT CASE WHEN s4 IS NULL OR s4 < 29714640 OR s4 >= 29935020 THEN NULL WHEN s4 < 29759280 THEN 0 WHEN s4 < 29803920 THEN 1 WHEN s4 < 29847120 THEN 2 WHEN s4 < 29891760 THEN 3 ELSE 4 END AS p, team, segment, CAST(1 AS DOUBLE) AS v FROM deal_records) z WHERE p IS NOT NULL) s GROUP BY p, team, segment
),
volume_4_totals AS (
  SELECT per.p, COALESCE(SUM(c.v), 0) AS total, COALESCE(SUM(c.n), 0) AS n FROM periods per LEFT JOIN volume_4_cells c ON c.p = per.p GROUP BY per.p
),
transition_1 AS (
  SELECT s1 AS a, s2 AS b, s2 AS own FROM lead_records
),
transition_1_p90_ranked AS (
  SELECT g, x, ROW_NUMBER() OVER (PARTITION BY g ORDER BY x) - 1 AS r, CAST(COUNT(*) OVER (PARTITION BY g) - 1 AS DOUBLE) AS m FROM (SELECT 0 AS g, CASE WHEN b - a > 0 THEN b - a ELSE 0 END AS x FROM transition_1 WHERE a < 29935020 AND b < 29935020) s
),
transition_1_p90_ranks AS (
  SELECT g, MAX(CASE WHEN r = FLOOR(CAST(0.9 AS DOUBLE) * m) THEN x END) AS lo0, MAX(CASE WHEN r = LEAST(m, FLOOR(CAST(0.9 AS DOUBLE) * m) + 1) THEN x END) AS hi0, MAX(CAST(0.9 AS DOUBLE) * m - FLOOR(CAST(0.9 AS DOUBLE) * m)) AS f0 FROM transition_1_p90_ranked GROUP BY g
),
transition_1_p90 AS (
  SELECT g, CAST(lo0 AS DOUBLE) + (CAST(hi0 AS DOUBLE) - CAST(lo0 AS DOUBLE)) * f0 AS q0 FROM transition_1_p90_ranks
),
transition_1_horizon AS (
  SELECT COALESCE(MAX(GREATEST(1, CAST(CEIL(q0 / 1440) AS BIGINT))), 1) AS h FROM transition_1_p90
),
transition_1_cohorts AS (
  SELECT p, COUNT(*) AS entered, SUM(hit) AS converted FROM (SELECT CASE WHEN t.a IS NULL OR t.a < 29714640 OR t.a >= 29935020 THEN NULL WHEN t.a < 29759280 THEN 0 WHEN t.a < 29803920 THEN 1 WHEN t.a < 29847120 THEN 2 WHEN t.a < 29891760 THEN 3 ELSE 4 END AS p, CASE WHEN t.b IS NOT NULL AND t.b < 29935020 AND (CASE WHEN t.b - t.a > 0 THEN t.b - t.a ELSE 0 END) <= h.h * 1440 THEN 1 ELSE 0 END AS hit FROM transition_1 t CROSS JOIN transition_1_horizon h) z WHERE p IS NOT NULL GROUP BY p
),
speed_to_lead_clock AS (
  SELECT team, segment, CASE WHEN created_m > s1 THEN created_m ELSE s1 END AS start_m, touch_m FROM lead_records WHERE s1 IS NOT NULL
),
speed_to_lead AS (
  SELECT p, team, segment, touched, lag, CASE WHEN touched = 1 AND lag <= CAST(240.0 AS DOUBLE) THEN 1 ELSE 0 END AS within, CASE WHEN touched = 0 AND 29935020 - start_m < CAST(240.0 AS DOUBLE) THEN 1 ELSE 0 END AS pending FROM (SELECT CASE WHEN start_m IS NULL OR start_m < 29714640 OR start_m >= 29935020 THEN NULL WHEN start_m < 29759280 THEN 0 WHEN start_m < 29803920 THEN 1 WHEN start_m < 29847120 THEN 2 WHEN start_m < 29891760 THEN 3 ELSE 4 END AS p, team, segment, start_m, CASE WHEN touch_m IS NOT NULL AND touch_m < 29935020 THEN 1 ELSE 0 END AS touched, CASE WHEN touch_m - start_m > 0 THEN touch_m - start_m ELSE 0 END AS lag FROM speed_to_lead_clock) z WHERE p IS NOT NULL
),
speed_to_lead_periods AS (
  SELECT p, COUNT(*) AS total, SUM(within) AS within, SUM(pending) AS pending FROM speed_to_lead GROUP BY p
),
speed_to_lead_hours_ranked AS (
  SELECT g, x, ROW_NUMBER() OVER (PARTITION BY g ORDER BY x) - 1 AS r, CAST(COUNT(*) OVER (PARTITION BY g) - 1 AS DOUBLE) AS m FROM (SELECT p AS g, lag AS x FROM speed_to_lead WHERE touched = 1) s
),
speed_to_lead_hours_ranks AS (
  SELECT g, MAX(CASE WHEN r = FLOOR(CAST(0.5 AS DOUBLE) * m) THEN x END) AS lo0, MAX(CASE WHEN r = LEAST(m, FLOOR(CAST(0.5 AS DOUBLE) * m) + 1) THEN x END) AS hi0, MAX(CAST(0.5 AS DOUBLE) * m - FLOOR(CAST(0.5 AS DOUBLE) * m)) AS f0 FROM speed_to_lead_hours_ranked GROUP BY g
),
speed_to_lead_hours AS (
  SELECT g, CAST(lo0 AS DOUBLE) + (CAST(hi0 AS DOUBLE) - CAST(lo0 AS DOUBLE)) * f0 AS q0 FROM speed_to_lead_hours_ranks
),
speed_to_lead_within_cells AS (
  SELECT p, team, segment, SUM(v) AS v, COUNT(*) AS n FROM (SELECT p, team, segment, CAST(1 AS DOUBLE) AS v FROM speed_to_lead WHERE within = 1) s GROUP BY p, team, segment
),
speed_to_lead_within_totals AS (
  SELECT per.p, COALESCE(SUM(c.v), 0) AS total, COALESCE(SUM(c.n), 0) AS n FROM periods per LEFT JOIN speed_to_lead_within_cells c ON c.p = per.p GROUP BY per.p
),
won_revenue_cells AS (
  SELECT p, team, segment, SUM(v) AS v, COUNT(*) AS n FROM (SELECT * FROM (SELECT CASE WHEN close_m IS NULL OR close_m < 29714640 OR close_m >= 29935020 THEN NULL WHEN close_m < 29759280 THEN 0 WHEN close_m < 29803920 THEN 1 WHEN close_m < 29847120 THEN 2 WHEN close_m < 29891760 THEN 3 ELSE 4 END AS p, team, segment, amount AS v FROM deal_records WHERE closed = 1 AND outcome = 'won') z WHERE p IS NOT NULL) s GROUP BY p, team, segment
),
won_revenue_totals AS (
  SELECT per.p, COALESCE(SUM(c.v), 0) AS total, COALESCE(SUM(c.n), 0) AS n FROM periods per LEFT JOIN won_revenue_cells c ON c.p = per.p GROUP BY per.p
),
open_pipeline_cells AS (
  SELECT p, team, segment, SUM(v) AS v, COUNT(*) AS n FROM (SELECT per.p, x.team, x.segment, x.amount AS v FROM deal_records x CROSS JOIN periods per WHERE x.created_m < per.end_m AND (x.closed = 0 OR x.close_m >= per.end_m)) s GROUP BY p, team, segment
),
open_pipeline_totals AS (
  SELECT per.p, COALESCE(SUM(c.v), 0) AS total, COALESCE(SUM(c.n), 0) AS n FROM periods per LEFT JOIN open_pipeline_cells c ON c.p = per.p GROUP BY per.p
),
cells AS (
  SELECT 0 AS k, p, 'leads' AS metric, CAST(v AS DOUBLE) AS value, CAST(team AS VARCHAR) AS team, CAST(segment AS VARCHAR) AS segment FROM volume_0_cells WHERE v <> 0
  UNION ALL
  SELECT 0 AS k, p, 'leads' AS metric, CAST(0 AS DOUBLE) AS value, CAST(NULL AS VARCHAR) AS team, CAST(NULL AS VARCHAR) AS segment FROM volume_0_totals t WHERE t.total = 0 AND t.p >= (SELECT MIN(f.p) FROM volume_0_totals f WHERE f.total <> 0)
  UNION ALL
  SELECT 1 AS k, p, 'mqls' AS metric, CAST(v AS DOUBLE) AS value, CAST(team AS VARCHAR) AS team, CAST(segment AS VARCHAR) AS segment FROM volume_1_cells WHERE v <> 0
  UNION ALL
  SELECT 1 AS k, p, 'mqls' AS metric, CAST(0 AS DOUBLE) AS value, CAST(NULL AS VARCHAR) AS team, CAST(NULL AS VARCHAR) AS segment FROM volume_1_totals t WHERE t.total = 0 AND t.p >= (SELECT MIN(f.p) FROM volume_1_totals f WHERE f.total <> 0)
  UNION ALL
  SELECT 2 AS k, p, 'sqls' AS metric, CAST(v AS DOUBLE) AS value, CAST(team AS VARCHAR) AS team, CAST(segment AS VARCHAR) AS segment FROM volume_2_cells WHERE v <> 0
  UNION ALL
  SELECT 2 AS k, p, 'sqls' AS metric, CAST(0 AS DOUBLE) AS value, CAST(NULL AS VARCHAR) AS team, CAST(NULL AS VARCHAR) AS segment FROM volume_2_totals t WHERE t.total = 0 AND t.p >= (SELECT MIN(f.p) FROM volume_2_totals f WHERE f.total <> 0)
  UNION ALL
  SELECT 3 AS k, p, 'opportunities' AS metric, CAST(v AS DOUBLE) AS value, CAST(team AS VARCHAR) AS team, CAST(segment AS VARCHAR) AS segment FROM volume_3_cells WHERE v <> 0
  UNION ALL
  SELECT 3 AS k, p, 'opportunities' AS metric, CAST(0 AS DOUBLE) AS value, CAST(NULL AS VARCHAR) AS team, CAST(NULL AS VARCHAR) AS segment FROM volume_3_totals t WHERE t.total = 0 AND t.p >= (SELECT MIN(f.p) FROM volume_3_totals f WHERE f.total <> 0)
  UNION ALL
  SELECT 4 AS k, p, 'won' AS metric, CAST(v AS DOUBLE) AS value, CAST(team AS VARCHAR) AS team, CAST(segment AS VARCHAR) AS segment FROM volume_4_cells WHERE v <> 0
  UNION ALL
  SELECT 4 AS k, p, 'won' AS metric, CAST(0 AS DOUBLE) AS value, CAST(NULL AS VARCHAR) AS team, CAST(NULL AS VARCHAR) AS segment FROM volume_4_totals t WHERE t.total = 0 AND t.p >= (SELECT MIN(f.p) FROM volume_4_totals f WHERE f.total <> 0)
  UNION ALL
  SELECT 5 AS k, p, 'mql_to_sql' AS metric, CAST(value AS DOUBLE) AS value, CAST(NULL AS VARCHAR) AS team, CAST(NULL AS VARCHAR) AS segment FROM (SELECT c.p, CAST(c.converted AS DOUBLE) / CAST(c.entered AS DOUBLE) AS value FROM transition_1_cohorts c JOIN periods per ON per.p = c.p CROSS JOIN transition_1_horizon h WHERE c.entered > 0 AND per.end_m + h.h * 1440 <= 29935020) s WHERE value IS NOT NULL
  UNION ALL
  SELECT 6 AS k, p, 'speed_to_lead' AS metric, CAST(value AS DOUBLE) AS value, CAST(NULL AS VARCHAR) AS team, CAST(NULL AS VARCHAR) AS segment FROM (SELECT g AS p, q0 / 60 AS value FROM speed_to_lead_hours) s WHERE value IS NOT NULL
  UNION ALL
  SELECT 7 AS k, p, 'follow_up_rate' AS metric, CAST(value AS DOUBLE) AS value, CAST(NULL AS VARCHAR) AS team, CAST(NULL AS VARCHAR) AS segment FROM (SELECT p, CAST(within AS DOUBLE) / CAST(total - pending AS DOUBLE) AS value FROM speed_to_lead_periods WHERE total - pending > 0) s WHERE value IS NOT NULL
  UNION ALL
  SELECT 8 AS k, p, 'mqls_followed_4h' AS metric, CAST(v AS DOUBLE) AS value, CAST(team AS VARCHAR) AS team, CAST(segment AS VARCHAR) AS segment FROM speed_to_lead_within_cells WHERE v <> 0
  UNION ALL
  SELECT 8 AS k, p, 'mqls_followed_4h' AS metric, CAST(0 AS DOUBLE) AS value, CAST(NULL AS VARCHAR) AS team, CAST(NULL AS VARCHAR) AS segment FROM speed_to_lead_within_totals t WHERE t.total = 0 AND t.n > 0
  UNION ALL
  SELECT 9 AS k, p, 'new_arr' AS metric, CAST(v AS DOUBLE) AS value, CAST(team AS VARCHAR) AS team, CAST(segment AS VARCHAR) AS segment FROM won_revenue_cells WHERE v <> 0
  UNION ALL
  SELECT 9 AS k, p, 'new_arr' AS metric, CAST(0 AS DOUBLE) AS value, CAST(NULL AS VARCHAR) AS team, CAST(NULL AS VARCHAR) AS segment FROM won_revenue_totals t WHERE t.total = 0 AND t.n > 0
  UNION ALL
  SELECT 10 AS k, p, 'pipeline' AS metric, CAST(v AS DOUBLE) AS value, CAST(team AS VARCHAR) AS team, CAST(segment AS VARCHAR) AS segment FROM open_pipeline_cells WHERE v <> 0
  UNION ALL
  SELECT 10 AS k, p, 'pipeline' AS metric, CAST(0 AS DOUBLE) AS value, CAST(NULL AS VARCHAR) AS team, CAST(NULL AS VARCHAR) AS segment FROM open_pipeline_totals t WHERE t.total = 0 AND (SELECT COUNT(*) FROM deal_records) > 0
),
mixed AS (
  SELECT k, p, MAX(CASE WHEN team IS NULL THEN 1 ELSE 0 END) * MAX(CASE WHEN team IS NULL THEN 0 ELSE 1 END) AS fold_team, MAX(CASE WHEN segment IS NULL THEN 1 ELSE 0 END) * MAX(CASE WHEN segment IS NULL THEN 0 ELSE 1 END) AS fold_segment FROM cells GROUP BY k, p
),
actuals AS (
  SELECT k, p, metric, SUM(value) AS value, team, segment FROM (SELECT c.k, c.p, c.metric, c.value, CASE WHEN m.fold_team = 1 THEN NULL ELSE c.team END AS team, CASE WHEN m.fold_segment = 1 THEN NULL ELSE c.segment END AS segment FROM cells c JOIN mixed m ON m.k = c.k AND m.p = c.p) f GROUP BY k, p, metric, team, segment
)
SELECT per.label AS period, a.metric, a.value, a.team, a.segment
FROM actuals a JOIN periods per ON per.p = a.p
ORDER BY a.k, a.p, a.team NULLS FIRST, a.segment NULLS FIRST
