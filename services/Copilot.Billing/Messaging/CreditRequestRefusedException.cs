namespace Copilot.Billing.Messaging;

/// <summary>A credit request the ledger cannot apply however often it is retried.</summary>
public sealed class CreditRequestRefusedException(string message) : Exception(message);
