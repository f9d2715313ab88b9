"""A stored stack record as the API's shapes (Stack, StackEvent, StackResource)."""

from __future__ import annotations

from typing import Any

from fourbeat.clock import as_datetime


def stack_shape(record: dict[str, Any]) -> dict[str, Any]:
    shape: dict[str, Any] = {
        "StackId": record["StackId"],
        "StackName": record["StackName"],
        "CreationTime": as_datetime(record["CreationTime"]),
        "StackStatus": record["StackStatus"],
        "Parameters": [
            {"ParameterKey": k, "ParameterValue": ",".join(v) if isinstance(v, list) else v}
            for k, v in record["Parameters"].items()
        ],
        "DisableRollback": False,
        "Capabilities": record["Capabilities"],
        "Outputs": record["Outputs"],
        "Tags": record["Tags"],
        "NotificationARNs": [],
    }
    if record.get("StackStatusReason"):
        shape["StackStatusReason"] = record["StackStatusReason"]
    if record.get("Description"):
        shape["Description"] = record["Description"]
    if record.get("DeletionTime"):
        shape["DeletionTime"] = as_datetime(record["DeletionTime"])
    return shape


def event_shape(record: dict[str, Any], event: dict[str, Any], index: int) -> dict[str, Any]:
    shape: dict[str, Any] = {
        "StackId": record["StackId"],
        "EventId": f"{event['logical_id']}-{index:08d}",
        "StackName": record["StackName"],
        "LogicalResourceId": event["logical_id"],
        "PhysicalResourceId": event["physical_id"],
        "ResourceType": event["type"],
        "Timestamp": as_datetime(event["timestamp"]),
        "ResourceStatus": event["status"],
    }
    if event.get("reason"):
        shape["ResourceStatusReason"] = event["reason"]
    return shape


def resource_shape(record: dict[str, Any], resource: dict[str, Any]) -> dict[str, Any]:
    return {
        "StackName": record["StackName"],
        "StackId": record["StackId"],
        **resource_summary(resource, "Timestamp"),
    }


def resource_summary(resource: dict[str, Any], time_key: str) -> dict[str, Any]:
    return {
        "LogicalResourceId": resource["logical_id"],
        "PhysicalResourceId": resource["physical_id"],
        "ResourceType": resource["type"],
        time_key: as_datetime(resource["timestamp"]),
        "ResourceStatus": resource["status"],
    }
