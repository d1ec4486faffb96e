import ArgumentParser
import Foundation
import Tandem

@main
struct TandemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tandem",
        abstract: "Sales and marketing on one plan: the monthly review of actuals against it.",
        version: "0.1.0",
        subcommands: [
            ReviewCommand.self, Validate.self, DigestCommand.self, PlanCommand.self, DecideCommand.self,
            InitCommand.self,
        ]
    )
}
