import Foundation
import Testing

@testable import Tandem

/// The flat data finance ingests (data schema 3): currency, a ratio's parts, the target only on
/// whole-value rows, the cycle-end forecast with its range and level, and no float noise.
@Suite struct FlatDataTests {
    let review: Review

    init() throws {
        let (plan, actuals) = try Fixtures.loadExample()
        review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 11))
    }

    func rows(_ metric: MetricID, _ period: Period) -> [DataRow] {
        review.data.filter { $0.metric == metric && $0.period == period }
    }

    @Test func schemaVersionThreeAddsTheColumnsBesideTheirNeighbours() {
        #expect(DataColumn.schemaVersion == 3)
        #expect(
            CSVExporter.columns == [
                "period", "metric_id", "metric", "team", "segment", "unit", "currency", "actual", "numerator",
                "denominator", "target", "variance", "variance_pct", "rollup", "direction", "owner_team", "forecast",
                "forecast_low", "forecast_high", "forecast_level", "row_kind",
            ])
        // Every column is documented for the About sheet.
        #expect(DataColumn.allCases.allSatisfy { !$0.meaning.isEmpty })
    }

    @Test func segmentRowsCarryNoTargetAndTheTotalRowCarriesThePeriodsTarget() throws {
        // SQLs are reported by segment only: Enterprise 73 and Mid-market 171 in July.
        let july = rows("sqls", .month(2026, 7))
        #expect(july.map(\.segment) == ["Enterprise", "Mid-market", nil])
        #expect(july.map(\.rowKind) == [.actual, .actual, .total])
        #expect(july.map(\.target) == [nil, nil, 240])
        let total = try #require(july.last)
        #expect(total.actual == 244 && total.variance == 4 && total.team == nil)
        // The review reads the period's plan from the whole-value rows: SQLs have one now.
        #expect(review.periodTargets()["sqls"] == 240)
    }

    @Test func ratioRowsCarryTheirNumeratorAndDenominator() throws {
        // MQL→SQL in July: 244 SQLs of 610 MQLs.
        let july = try #require(rows("mql_to_sql", .month(2026, 7)).first)
        #expect(july.numerator == 244 && july.denominator == 610 && july.actual == 0.4)
        // Win rate in July: 31 won of 123 opportunities, rounded to 6 decimals (no float noise:
        // 0.25203252032520324 before).
        let win = try #require(rows("win_rate", .month(2026, 7)).first)
        #expect(win.numerator == 31 && win.denominator == 123 && win.actual == 0.252033)
        // Counts have no parts.
        #expect(rows("mqls", .month(2026, 7)).allSatisfy { $0.numerator == nil && $0.denominator == nil })
    }

    @Test func currencyRowsNameThePlansCurrency() {
        for row in review.data {
            #expect(row.currency == (row.unit == .currency ? "USD" : nil), "\(row.metric) \(row.period)")
        }
    }

    @Test func everyTargetedMetricHasOneCycleEndRowWithItsRangeAndLevel() throws {
        let ends = review.data.filter { $0.rowKind == .cycleEnd }
        let targeted = Set(review.data.filter { $0.target != nil && $0.rowKind != .cycleEnd }.map(\.metric))
        #expect(Set(ends.map(\.metric)) == targeted && ends.count == targeted.count)
        #expect(ends.allSatisfy { $0.period == .month(2026, 12) && $0.team == nil && $0.segment == nil })
        #expect(ends.allSatisfy { $0.forecastLevel == 0.8 && Forecasting.defaultLevel == 0.8 })
        // New ARR: the revenue forecast the Summary shows, beside the cycle's $4.2M and the
        // $3,370,500.50 booked to date.
        let arr = try #require(ends.first { $0.metric == "new_arr" })
        let forecast = try #require(review.funnel?.revenueForecast)
        #expect(arr.target == 4_200_000 && arr.actual == 3_370_500.5 && arr.currency == "USD")
        #expect(arr.forecast == DataRow.rounded(forecast.base, .currency))
        #expect(arr.forecastLow == DataRow.rounded(forecast.low, .currency))
        #expect(arr.forecastHigh == DataRow.rounded(forecast.high, .currency))
        // A key result's metric: its forecast and target, as on Key Results.
        let won = try #require(ends.first { $0.metric == "won" })
        let kr = try #require(review.keyResults.first { $0.metric == "won" })
        #expect(won.target == 180 && won.forecast == kr.forecast.map { DataRow.rounded($0, .count) })
        #expect(won.forecastLow == kr.forecastRange.map { DataRow.rounded($0.low, .count) })
        // A ratio pooled over the cycle: 1,111 SQLs of 3,420 MQLs.
        let rate = try #require(ends.first { $0.metric == "mql_to_sql" })
        #expect(rate.numerator == 1111 && rate.denominator == 3420 && rate.actual == 0.324854)
        #expect(rate.variance == nil && rate.variancePct == nil)
        // Plan rows have a forecast but no range yet.
        #expect(
            review.data.filter { $0.rowKind == .plan }.allSatisfy { $0.forecastLow == nil && $0.forecastLevel == nil })
    }

    /// The level is the review's, not the exporter's: a plan asking for 90 % ranges gets 0.9 beside
    /// every range, and wider ranges than at 80 %.
    @Test func theLevelComesFromThePlan() throws {
        var (plan, actuals) = try Fixtures.loadExample()
        plan.forecastLevel = 0.9
        let wide = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 11))
        let ends = wide.data.filter { $0.rowKind == .cycleEnd && $0.forecastLow != nil }
        #expect(!ends.isEmpty && ends.allSatisfy { $0.forecastLevel == 0.9 })
        let at80 = try #require(review.data.first { $0.rowKind == .cycleEnd && $0.metric == "leads" })
        let at90 = try #require(ends.first { $0.metric == "leads" })
        #expect(at90.forecastLow! < at80.forecastLow! && at90.forecastHigh! > at80.forecastHigh!)
    }

    @Test func noNumberInTheCSVCarriesFloatNoise() {
        let csv = String(decoding: CSVExporter().render(review), as: UTF8.self)
        let lines = csv.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = lines[0].map(String.init)
        let unit = header.firstIndex(of: "unit")!
        for line in lines.dropFirst() {
            for (i, name) in header.enumerated() where DataColumn.allCases[i].kind == .number && !line[i].isEmpty {
                let decimals = line[i].split(separator: ".").dropFirst().first?.count ?? 0
                let limit =
                    ["numerator", "denominator", "forecast_level"].contains(name)
                    ? 4
                    : name == "variance_pct" ? 6 : ["currency": 2, "percent": 6, "ratio": 6][String(line[unit])] ?? 4
                #expect(decimals <= limit, "\(name) \(line[i]) in \(line.joined(separator: ","))")
            }
        }
    }
}

/// A row keeps its numbers in 8 bytes each (the benchmark's memory budget at a million rows), yet
/// reads, compares, hashes and encodes as the `Double?` columns it documents.
@Suite struct DataRowStorageTests {
    let row = DataRow(
        period: .month(2026, 11), metric: "mqls", metricName: "MQLs", unit: .count, actual: 0.0, target: nil,
        variance: -0.0, variancePct: .nan, forecast: 12.5)

    @Test func emptyNumbersStayEmptyAndZeroIsNotEmpty() {
        #expect(row.actual == 0 && row.target == nil && row.variance == 0 && row.forecast == 12.5)
        #expect(row.variancePct?.isNaN == true)
        #expect(
            [row.numerator, row.denominator, row.forecastLow, row.forecastHigh, row.forecastLevel]
                .allSatisfy { $0 == nil })
        var changed = row
        changed.target = 3
        changed.actual = nil
        #expect(changed.target == 3 && changed.actual == nil && row.target == nil && row.actual == 0)
    }

    @Test func equalityAndHashingAreThoseOfTheOptionalDoubles() {
        var signed = row
        signed.actual = -0.0
        signed.variancePct = nil
        var plain = row
        plain.variancePct = nil
        // -0.0 == 0.0 as Doubles; a row with NaN is not equal to itself, as with `Double?`.
        #expect(signed == plain && signed.hashValue == plain.hashValue)
        #expect(row != row)
        plain.forecastLow = 0
        #expect(signed != plain)
    }

    @Test func aRowsMetricColumnsChangeForThatRowAlone() throws {
        let (plan, actuals) = try Fixtures.loadExample()
        let review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 11))
        let mqls = review.data.filter { $0.metric == "mqls" }
        #expect(mqls.count > 2)
        var renamed = mqls[0]
        renamed.metricName = "Marketing-qualified leads"
        renamed.currency = "EUR"
        #expect(renamed.metricName == "Marketing-qualified leads" && renamed.currency == "EUR")
        #expect(mqls.allSatisfy { $0.metricName == "MQLs" && $0.currency == nil })
        #expect(review.data.filter { $0.metric == "mqls" } == mqls)
        // A row made column by column equals the review's row that shares its metric's columns.
        let r = mqls[1]
        let rebuilt = DataRow(
            period: r.period, metric: r.metric, metricName: r.metricName, team: r.team, segment: r.segment,
            unit: r.unit, actual: r.actual, target: r.target, variance: r.variance, variancePct: r.variancePct,
            rollup: r.rollup, direction: r.direction, ownerTeam: r.ownerTeam, forecast: r.forecast,
            rowKind: r.rowKind, currency: r.currency, numerator: r.numerator, denominator: r.denominator,
            forecastLow: r.forecastLow, forecastHigh: r.forecastHigh, forecastLevel: r.forecastLevel)
        #expect(rebuilt == r && rebuilt.hashValue == r.hashValue)
    }

    @Test func jsonLeavesOutEmptyNumbersAndReadsBackTheSameRow() throws {
        var finite = row
        finite.variancePct = 0.25
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(finite), as: UTF8.self)
        #expect(text.contains("\"actual\":0") && text.contains("\"variancePct\":0.25"))
        #expect(!text.contains("\"target\"") && !text.contains("\"numerator\"") && !text.contains("\"team\""))
        #expect(try JSONDecoder().decode(DataRow.self, from: Data(text.utf8)) == finite)
    }
}
