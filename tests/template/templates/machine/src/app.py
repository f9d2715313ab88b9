def double(event, context):
    return {"value": event["value"] * 2}
