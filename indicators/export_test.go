package indicators

// RuleKindList is the list of rule kinds as fault messages print it.
var RuleKindList = ruleKindList
